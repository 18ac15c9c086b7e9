using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.Users;

/// <summary>
/// The audit log for users, who are not grains: an EF Core interceptor on <see cref="UsersDbContext"/> notes, at each
/// SaveChanges, what changed of a user that the log cares about (name, roles, the specialist link, the lock, the
/// password, never its value), and writes one entry per user when the transaction commits, inside that transaction: a
/// change that fails or rolls back leaves no entry, and the several saves ASP.NET Identity makes for one command (the
/// user, then their roles, then the security stamp) are one entry. The handlers need not know.
/// </summary>
internal sealed class UserAudit(AuditLog log, TimeProvider time) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, Dictionary<string, Pending>> Noted = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await NoteAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            NoteAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    private async ValueTask NoteAsync(DbContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var noted = Noted.GetOrCreateValue(context);
        var any = false;
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is CrmUser user && entry.State is EntityState.Added or EntityState.Modified)
            {
                var pending = Of(noted, user.Id);
                if (entry.State == EntityState.Added)
                {
                    pending.Created = true;
                    pending.Note("userName", null, user.UserName);
                    pending.Note("specialistId", null, user.SpecialistId?.ToString());
                    any = true;
                    continue;
                }

                any |= Compare(entry, nameof(CrmUser.UserName), pending, "userName", v => v as string);
                any |= Compare(entry, nameof(CrmUser.SpecialistId), pending, "specialistId", v => (v as Guid?)?.ToString());
                any |= Compare(entry, nameof(CrmUser.LockoutEnd), pending, "locked", v => (v is DateTimeOffset end && end > now) ? "true" : "false");
                if (entry.Property(nameof(CrmUser.PasswordHash)).IsModified
                    && !Equals(entry.Property(nameof(CrmUser.PasswordHash)).OriginalValue, entry.Property(nameof(CrmUser.PasswordHash)).CurrentValue))
                {
                    pending.Note("password", null, null, "secret");
                    any = true;
                }
            }
            else if (entry.Entity is IdentityUserRole<string> role && entry.State is EntityState.Added or EntityState.Deleted)
            {
                var name = (await context.Set<IdentityRole>().FindAsync([role.RoleId], cancellationToken))?.Name ?? role.RoleId;
                var pending = Of(noted, role.UserId);
                (entry.State == EntityState.Added ? pending.RolesAdded : pending.RolesRemoved).Add(name);
                any = true;
            }
        }

        if (any)
        {
            // One statement would otherwise run without a transaction, and the entry is written when one commits.
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    private static bool Compare(EntityEntry entry, string property, Pending pending, string field, Func<object?, string?> show)
    {
        var value = entry.Property(property);
        var (from, to) = (show(value.OriginalValue), show(value.CurrentValue));
        if (!value.IsModified || from == to)
        {
            return false;
        }

        pending.Note(field, from, to);
        return true;
    }

    private static Pending Of(Dictionary<string, Pending> noted, string userId) =>
        noted.TryGetValue(userId, out var pending) ? pending : noted[userId] = new Pending();

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Noted.TryGetValue(context, out var noted) && noted.Count > 0)
        {
            var at = time.GetUtcNow();
            var actor = AuditContext.Current ?? AuditActor.Product;
            foreach (var (userId, pending) in noted)
            {
                if (pending.Entry(userId, actor, at) is { } entry)
                {
                    await log.WriteAsync(transaction.Connection!, transaction, entry, cancellationToken);
                }
            }

            noted.Clear();
        }

        return result;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        TransactionCommittingAsync(transaction, eventData, result).AsTask().GetAwaiter().GetResult();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Forget(DbContext? context)
    {
        if (context is not null && Noted.TryGetValue(context, out var noted))
        {
            noted.Clear();
        }
    }

    /// <summary>What one user's transaction changed so far: each field's first value and last, and the roles given and taken.</summary>
    private sealed class Pending
    {
        private readonly List<AuditChange> _changes = [];

        public bool Created { get; set; }

        public SortedSet<string> RolesAdded { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> RolesRemoved { get; } = new(StringComparer.Ordinal);

        public void Note(string field, string? from, string? to, string? kind = null)
        {
            var index = _changes.FindIndex(c => c.Field == field);
            if (index < 0)
            {
                _changes.Add(new AuditChange(field, from, to, kind));
            }
            else
            {
                _changes[index] = _changes[index] with { To = to };
            }
        }

        public AuditEntry? Entry(string userId, AuditActor actor, DateTimeOffset at)
        {
            var changes = _changes.Where(c => c.Kind == "secret" || c.From != c.To).ToList();
            var added = RolesAdded.Except(RolesRemoved).ToList();
            var removed = RolesRemoved.Except(RolesAdded).ToList();
            if (added.Count + removed.Count > 0)
            {
                // Roles taken → roles given (the ones kept are not listed).
                changes.Add(new AuditChange("roles", removed.Count == 0 ? null : string.Join(", ", removed), added.Count == 0 ? null : string.Join(", ", added), "enum:Role"));
            }

            if (changes.Count == 0 && !Created)
            {
                return null;
            }

            return new AuditEntry(Guid.CreateVersion7(at), "user", userId, null, "Identity", actor, at, Action(changes), changes);
        }

        private string Action(List<AuditChange> changes)
        {
            if (Created)
            {
                return "Create";
            }

            if (changes.Count != 1)
            {
                return "Change";
            }

            return changes[0].Field switch
            {
                "locked" => changes[0].To == "true" ? "Lock" : "Unlock",
                "password" => "ResetPassword",
                "roles" => "SetRoles",
                "specialistId" => "LinkSpecialist",
                _ => "Change",
            };
        }
    }
}
