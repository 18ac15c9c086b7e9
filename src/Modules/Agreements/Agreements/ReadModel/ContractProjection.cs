using System.Text.Json;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Agreements.ReadModel;

/// <summary>
/// A contract's row in <c>agreements.contracts</c>, written in the state's transaction and guarded by version (a retried
/// or late write never wins over a newer one). The row carries every dated set of terms as JSON, so the billing run and
/// the lists read one table and never activate grains.
/// </summary>
public sealed class ContractProjection(DatabaseOptions database)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _upsert = $"""
        INSERT INTO {AgreementsTables.Of(database).Sql("contracts")} AS t (id, version, number, client_id, client_name, search_text, manager_id, kind, status,
            signed_on, starts_on, ends_on, auto_renew, activated_on, terminated_on, monthly_fee, included_hours, terms, suspensions, created_at)
        VALUES (@id, @version, @number, @client_id, @client_name, @search_text, @manager_id, @kind, @status,
            @signed_on, @starts_on, @ends_on, @auto_renew, @activated_on, @terminated_on, @monthly_fee, @included_hours, @terms, @suspensions, @created_at)
        ON CONFLICT (id) DO UPDATE SET
            version = excluded.version, client_name = excluded.client_name, search_text = excluded.search_text, manager_id = excluded.manager_id,
            kind = excluded.kind, status = excluded.status, signed_on = excluded.signed_on, starts_on = excluded.starts_on, ends_on = excluded.ends_on,
            auto_renew = excluded.auto_renew, activated_on = excluded.activated_on, terminated_on = excluded.terminated_on,
            monthly_fee = excluded.monthly_fee, included_hours = excluded.included_hours, terms = excluded.terms,
            suspensions = excluded.suspensions
        WHERE t.version < excluded.version
        """;

    public RowWrite Row(ContractDetails contract, Guid? managerId)
    {
        // The list shows the latest terms (the fee the contract moves to), the billing run reads the dated JSON.
        var latest = contract.Terms[^1];
        return new SqlStatement(_upsert)
            .Add("@id", database.DbId(contract.Id))
            .Add("@version", contract.Version)
            .Add("@number", contract.Number)
            .Add("@client_id", database.DbId(contract.ClientId))
            .Add("@client_name", contract.ClientName)
            .Add("@search_text", SearchText(contract.Number, contract.ClientName))
            .Add("@manager_id", managerId is { } manager ? database.DbId(manager) : null)
            .Add("@kind", contract.Kind.ToString())
            .Add("@status", contract.Status.ToString())
            .Add("@signed_on", contract.SignedOn)
            .Add("@starts_on", contract.StartsOn)
            .Add("@ends_on", contract.EndsOn)
            .Add("@auto_renew", contract.AutoRenew)
            .Add("@activated_on", contract.ActivatedOn)
            .Add("@terminated_on", contract.TerminatedOn)
            .Add("@monthly_fee", Kopiykas(latest.MonthlyFee))
            .Add("@included_hours", latest.IncludedHours)
            .Add("@terms", JsonSerializer.Serialize(contract.Terms, Json))
            .Add("@suspensions", contract.Suspensions is { Count: > 0 } suspensions ? JsonSerializer.Serialize(suspensions, Json) : null)
            .Add("@created_at", contract.CreatedAt);
    }

    /// <summary>What the list's text search compares with: the number and the client's name, lower-cased in every alphabet.</summary>
    public static string SearchText(string number, string clientName) => (number + " " + clientName).ToLowerInvariant();

    public static long Kopiykas(decimal hryvnias) => (long)Math.Round(hryvnias * 100m, MidpointRounding.AwayFromZero);
}
