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
    public const string TakenCode = "Billing.FeeDaysTaken";

    private readonly string _forInvoice = Sql(db, $"EXISTS (SELECT 1 FROM {db.Documents} WHERE id = @document)");

    private readonly string _forItem = Sql(db, "1 = 1");

    /// <summary>
    /// The days of a run invoice, claimed only if its row was inserted (a parallel run's invoice of the same run key left
    /// this one out, and its days are that invoice's).
    /// </summary>
    public SqlStatement ForInvoice(Guid documentId, Guid contractId, DayRange days) =>
        Claim(_forInvoice, contractId, days, $"invoice:{documentId}").Add("@document", db.Id(documentId));

    /// <summary>The days of a fee-days item (<see cref="Unbilled.UnbilledWork.FeeDaysKey"/>).</summary>
    public SqlStatement ForItem(string key, Guid contractId, DayRange days) => Claim(_forItem, contractId, days, $"item:{key}");

    /// <summary>Whether the database refused a claim: a day of it was billed by someone else a moment ago.</summary>
    public static bool IsTaken(Exception exception) => ModuleDb.IsUniqueViolation(exception) && exception switch
    {
        PostgresException postgres => postgres.TableName == "fee_days",
        SqliteException sqlite => sqlite.Message.Contains("fee_days", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>What a refused claim tells the one refused (it reads again; a person sees it only if that fails too).</summary>
    public static ConflictException Taken(string contract) => new(BillingTexts.Say("FeeDaysTaken", contract));

    private SqlStatement Claim(string sql, Guid contractId, DayRange days, string by) => new SqlStatement(sql)
        .Add("@contract", db.Id(contractId))
        .Add("@from", db.Date(days.From))
        .Add("@to", db.Date(days.To))
        .Add("@by", by);

    private static string Sql(BillingDb db, string guard) => db.IsPostgres
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
