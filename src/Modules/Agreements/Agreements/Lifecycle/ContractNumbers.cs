using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Agreements.Lifecycle;

/// <summary>
/// Hands out contract numbers, <c>Д-2026-0001</c>: a counter row per year (<c>agreements.contract_numbers</c>) incremented
/// in a committed statement, so two hosts never hold one number; the contracts table's unique index stands behind it.
/// Per year, because Ukrainian contracts are numbered per year; the <c>Д</c> (договір) tells a contract's number from a
/// ticket's (T-) or an invoice's when read out on the phone. A creation that fails after taking a number leaves a gap.
/// </summary>
public sealed class ContractNumbers(DatabaseOptions database, GroupCommitWriter writer)
{
    private readonly string _next = $"""
        INSERT INTO {AgreementsTables.Of(database).Sql("contract_numbers")} AS t (year, last) VALUES (@year, 1)
        ON CONFLICT (year) DO UPDATE SET last = t.last + 1
        RETURNING last
        """;

    public async Task<string> NextAsync(int year, CancellationToken cancellationToken = default)
    {
        long number = 0;
        // In the group commit's transaction: SQLite has one writer, and the counter row must not wait behind it.
        await writer.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _next;
            command.AddParameter("@year", year);
            number = Convert.ToInt64(await command.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
        return Format(year, number);
    }

    public static string Format(int year, long number) => $"Д-{year}-{number:0000}";
}
