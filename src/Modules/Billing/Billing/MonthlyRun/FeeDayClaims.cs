using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.MonthlyRun;

/// <summary>
/// <c>billing.fee_days</c> (migration 0060): a row per contract and day its monthly fee billed, written in the same
/// transaction as the run invoice or the fee-days item that bills it. The run and the unbilled-work sync each decide
/// from what they read (<see cref="FeeDays"/>); the primary key makes a day billed by both at the same moment a refusal
/// for the later one (<see cref="Taken"/>), which reads again and bills what is left.
/// </summary>
internal sealed class FeeDayClaims(BillingDb db)
{

    private string? _forItem;

    private string? _forInvoice;

    /// <summary>
    /// The days of a run invoice, claimed only if its row was inserted (a parallel run's invoice of the same run key left
    /// this one out, and its days are that invoice's).
    /// </summary>
    public SqlStatement ForInvoice(Guid documentId, Guid contractId, DayRange days) =>
        Claim(_forInvoice ??= Sql($"EXISTS (SELECT 1 FROM {db.Documents} WHERE id = @document)"), contractId, days, $"invoice:{documentId}")
            .Add("@document", db.Id(documentId));

    /// <summary>The days of a fee-days item (<see cref="Unbilled.UnbilledWork.FeeDaysKey"/>).</summary>
    public SqlStatement ForItem(string key, Guid contractId, DayRange days) =>
        Claim(_forItem ??= Sql("1 = 1"), contractId, days, $"item:{key}");

    /// <summary>Whether the database refused a claim: a day of it was billed by someone else a moment ago.</summary>
    public static bool IsTaken(Exception exception) => ModuleDb.IsUniqueViolation(exception) && exception switch
    {
        PostgresException postgres => postgres.TableName == "fee_days",
        SqliteException sqlite => sqlite.Message.Contains("fee_days", StringComparison.Ordinal),
        _ => false,
    };

    public const string TakenCode = "Billing.FeeDaysTaken";

    /// <summary>What a refused claim tells the one refused (it reads again; a person sees it only if that fails too).</summary>
    public static ConflictException Taken(string contractNumber) => new(BillingTexts.Say("FeeDaysTaken", contractNumber));

    private SqlStatement Claim(string sql, Guid contractId, DayRange days, string by) => new SqlStatement(sql)
        .Add("@contract", db.Id(contractId))
        .Add("@from", db.Date(days.From))
        .Add("@to", db.Date(days.To))
        .Add("@by", by);

    private string Sql(string guard) => db.IsPostgres
        ? $"""
          INSERT INTO {db.Table("fee_days")} (contract_id, day, claimed_by)
          SELECT @contract, g.day::date, @by FROM generate_series(@from::date, @to::date, interval '1 day') AS g(day) WHERE {guard}
          """
        : $"""
          INSERT INTO {db.Table("fee_days")} (contract_id, day, claimed_by)
          WITH RECURSIVE days (day) AS (SELECT @from UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < @to)
          SELECT @contract, day, @by FROM days WHERE {guard}
          """;
}
