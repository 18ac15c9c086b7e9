using System.Globalization;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Plans;

/// <summary>One line of a month's plan: a manager's, or the department's own (<see cref="UserId"/> null). Amounts in hryvnias.</summary>
public sealed record PlanLine(Guid? UserId, decimal Amount, int Count);

/// <summary>
/// The plans table (0020): a period's lines are replaced whole, in one transaction with their audit entry, so a reader
/// sees the old plan or the new one and the log says what changed line by line.
/// </summary>
public sealed class PlanStore(SalesDb db, AuditLog audit, TimeProvider time)
{
    /// <summary>How the department's own line is keyed in the table (the primary key needs a value).</summary>
    private static readonly Guid Department = Guid.Empty;

    public async Task<IReadOnlyList<PlanLine>> ReadAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        return (await ReadAsync(connection, null, first, last, cancellationToken)).Select(l => l.Line).ToList();
    }

    /// <summary>Every line of the periods from <paramref name="first"/> to <paramref name="last"/> (months), with its period.</summary>
    public async Task<IReadOnlyList<(string Period, PlanLine Line)>> ReadByPeriodAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, first, last, cancellationToken);
    }

    public async Task ReplaceAsync(DateOnly period, IReadOnlyList<PlanLine> lines, CancellationToken cancellationToken)
    {
        var key = SalesPeriods.Key(period);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = (await ReadAsync(connection, transaction, period, period, cancellationToken)).Select(l => l.Line).ToList();
        await ModuleDb.ExecuteAsync(connection, transaction, $"DELETE FROM {db.Plans} WHERE period = @period", cancellationToken, ("@period", key));
        foreach (var line in lines)
        {
            await ModuleDb.ExecuteAsync(connection, transaction,
                $"INSERT INTO {db.Plans} (period, user_id, amount, deals, updated_at) VALUES (@period, @user, @amount, @deals, @at)", cancellationToken,
                ("@period", key), ("@user", db.Id(line.UserId ?? Department)), ("@amount", ModuleDb.Kopiykas(line.Amount)), ("@deals", line.Count),
                ("@at", db.Moment(now)));
        }

        var changes = Changes(before, lines);
        if (changes.Count > 0)
        {
            await audit.WriteAsync(connection, transaction, new AuditEntry(
                Guid.NewGuid(), "salesPlan", key, null, SalesTexts.Module, AuditContext.Current ?? AuditActor.Product, now, "SetPlans", changes), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A change per line that differs, named by the user's id ("department" for its own line): "amount / count".</summary>
    private static List<AuditChange> Changes(IReadOnlyList<PlanLine> before, IReadOnlyList<PlanLine> after)
    {
        var old = before.ToDictionary(l => l.UserId ?? Department);
        var now = after.ToDictionary(l => l.UserId ?? Department);
        var changes = new List<AuditChange>();
        foreach (var user in old.Keys.Union(now.Keys).OrderBy(u => u))
        {
            var from = old.TryGetValue(user, out var o) ? Show(o) : null;
            var to = now.TryGetValue(user, out var n) ? Show(n) : null;
            if (from != to)
            {
                changes.Add(new AuditChange(user == Department ? "department" : user.ToString(), from, to));
            }
        }

        return changes;
    }

    private static string Show(PlanLine line) => $"{line.Amount.ToString("0.00", CultureInfo.InvariantCulture)} / {line.Count}";

    private async Task<IReadOnlyList<(string Period, PlanLine Line)>> ReadAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        await using var command = ModuleDb.Command(connection, transaction,
            $"SELECT period, user_id, amount, deals FROM {db.Plans} WHERE period >= @first AND period <= @last ORDER BY period",
            ("@first", SalesPeriods.Key(first)), ("@last", SalesPeriods.Key(last)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<(string, PlanLine)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = ModuleDb.ReadId(reader, 1);
            lines.Add((reader.GetString(0), new PlanLine(user == Department ? null : user, ModuleDb.Hryvnias(reader.GetInt64(2)), reader.GetInt32(3))));
        }

        return lines;
    }
}
