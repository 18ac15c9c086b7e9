using Orleans.Concurrency;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Agreements.Support;

/// <summary>Derives one client's support status from its stored contracts and sets it on the client.</summary>
public interface IClientSupportGrain : IGrainWithGuidKey
{
    Task Reconcile(string contractNumber, ContractStatus status);
}

/// <summary>
/// One per client, so the checks of its contracts run one at a time: each reads the contracts table after its own
/// contract's change committed, and the last check to run has seen every change before it. Any Active support contract
/// makes the client Active; none active but one that ended (Expired, Terminated) makes it Terminated; a client whose
/// support contracts were never activated keeps the status set by hand. Stateless: the contracts table is the truth.
/// </summary>
[ActsAsSystem("contracts")] // the change is the contracts' consequence, whoever's call ended one
internal sealed class ClientSupportGrain(SupportStatusRule rule) : Grain, IClientSupportGrain
{
    public async Task Reconcile(string contractNumber, ContractStatus status)
    {
        var clientId = this.GetPrimaryKey();
        if (await rule.StatusOfAsync(clientId) is not { } wanted)
        {
            return;
        }

        var client = GrainFactory.GetGrain<IClientGrain>(clientId);
        if (await client.Get() is { } details && details.SupportStatus != wanted)
        {
            await client.SetSupportStatus(new SupportStatusChange(wanted, $"{contractNumber}: {status}"));
        }
    }
}

/// <summary>The rule, over the contracts table: what a client's support status is to be, or null for "leave it".</summary>
public sealed class SupportStatusRule(DatabaseOptions database)
{
    private readonly string _sql = $"""
        SELECT status FROM {AgreementsTables.Of(database).Sql("contracts")}
        WHERE client_id = @client AND kind IN ('{ContractKind.Support}', '{ContractKind.Its}') AND activated_on IS NOT NULL
        """;

    public async Task<SupportStatus?> StatusOfAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.Command(_sql);
        command.AddParameter("@client", database.DbId(clientId));
        var statuses = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                statuses.Add(reader.GetString(0));
            }
        }

        return Decide(statuses.Select(Enum.Parse<ContractStatus>));
    }

    /// <summary>From the statuses of the client's support contracts that were ever active.</summary>
    public static SupportStatus? Decide(IEnumerable<ContractStatus> statuses)
    {
        var list = statuses.ToList();
        if (list.Contains(ContractStatus.Active))
        {
            return SupportStatus.Active;
        }

        // A suspended contract gives no support, as an ended one: the service desk refuses until it resumes.
        return list.Any(s => s is ContractStatus.Expired or ContractStatus.Terminated or ContractStatus.Suspended) ? SupportStatus.Terminated : null;
    }
}
