using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using OrleansCrm.Audit.SearchAudit;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Web.Resources;
using OrleansCrm.Web.Shared;

namespace OrleansCrm.Web.Audit;

/// <summary>What the audit page asks (the Audit module's search) and how it words an entry in the reader's language.</summary>
public sealed class AuditService(ISender sender, AuthenticationStateProvider authentication, IStringLocalizer<Ui> texts, LocalTime time)
{
    /// <summary>The entity kinds the filter offers.</summary>
    public static readonly IReadOnlyList<string> Entities = ["client", "ticket", "specialist", "user"];

    public async Task<AuditPage> SearchAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        await sender.Send(new SearchAudit(filter.Entity, string.IsNullOrWhiteSpace(filter.Id) ? null : filter.Id.Trim(),
            string.IsNullOrWhiteSpace(filter.Actor) ? null : filter.Actor.Trim(), filter.From, filter.To, page, pageSize)
        { Caller = await CallerAsync() }, cancellationToken);

    public async Task<Caller> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);

    public string Entity(string entity) => Text($"AuditEntity_{entity}") ?? entity;

    /// <summary>The command's name in the reader's language (an unknown code as it is).</summary>
    public string Action(string action) => Text($"AuditAction_{action}") ?? action;

    /// <summary>A user's name as it is; a part of the product by what it is: "System (dispatcher)".</summary>
    public string Actor(AuditItem item)
    {
        if (item.ActorId is not null || !item.ActorName.StartsWith("system:", StringComparison.Ordinal))
        {
            return item.ActorName;
        }

        var part = item.ActorName["system:".Length..];
        var job = part.StartsWith("job:", StringComparison.Ordinal);
        var named = job ? $"{texts["AuditSystem_job"]} {part[4..]}" : Text($"AuditSystem_{part}") ?? part;
        return $"{texts["AuditSystem"]} ({named})";
    }

    /// <summary>The field's name: the page's own word for it, else the module's (<c>Field_Name</c>), else as the API spells it.</summary>
    public string Field(AuditItem item, AuditChange change) =>
        change.Field == "…" ? texts["AuditMore"]
        : Text($"AuditField_{change.Field}")
          ?? ServerTexts.Find($"{item.Module}.Field_{char.ToUpperInvariant(change.Field[0])}{change.Field[1..]}", CultureInfo.CurrentUICulture)
          ?? change.Field;

    public string Value(AuditItem item, AuditChange change, string? value)
    {
        if (change.Kind == "secret")
        {
            return texts["AuditSecret"];
        }

        if (value is null)
        {
            return "—";
        }

        if (change.Kind == "date" && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment))
        {
            return time.Format(moment);
        }

        if (change.Kind is { } kind && kind.StartsWith("enum:", StringComparison.Ordinal))
        {
            var type = kind["enum:".Length..];
            return string.Join(", ", value.Split(", ").Select(v =>
                ServerTexts.Find($"{item.Module}.{type}_{v}", CultureInfo.CurrentUICulture) ?? Text($"{type}_{v}") ?? v));
        }

        return value is "true" or "false" ? texts.YesNo(value == "true") : value;
    }

    private string? Text(string key)
    {
        var text = texts[key];
        return text.ResourceNotFound ? null : text.Value;
    }
}

/// <summary>The audit page's filters; null means any. <see cref="To"/> is excluded.</summary>
public sealed record AuditFilter(string? Entity = null, string? Id = null, string? Actor = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
