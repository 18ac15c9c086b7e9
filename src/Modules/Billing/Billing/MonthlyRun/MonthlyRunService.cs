using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.MonthlyRun;

/// <summary>A document the run would make.</summary>
public sealed record PlannedDocument(Guid ContractId, string ContractNumber, Guid ClientId, string? ClientName, DocumentKind Kind, decimal Total);

/// <summary>A contract the run leaves alone or cannot bill, and why (in the reader's language; <see cref="Code"/> for programs).</summary>
public sealed record RunContractNote(Guid ContractId, string Reason, string Code);

/// <summary><c>GET /api/billing/runs/preview</c>: what a run for the period would create and what it would skip.</summary>
public sealed record RunPreview(string Period, IReadOnlyList<PlannedDocument> ToCreate, IReadOnlyList<RunContractNote> Skipped);

/// <summary>
/// <c>POST /api/billing/runs</c>: documents created, documents that existed already (an earlier or parallel run made
/// them), and the contracts that failed with their reasons (the others were billed).
/// </summary>
public sealed record RunResult(string Period, int Created, int Skipped, IReadOnlyList<RunContractNote> Failed);

/// <summary>
/// The monthly run over a list of contracts (from Agreements' <see cref="ListBillableContracts"/>): for each, an invoice
/// and an act for the period, issued and numbered. Safe to repeat and to run on two hosts at once: each document is
/// inserted under the unique key (contract, period, kind) with ON CONFLICT DO NOTHING, and only an inserted one takes a
/// number. Each contract is its own transaction: one that fails (no such client, no tax id, a bad line, a database
/// error) is rolled back and listed, and the others are billed (OCA/contract#1459 stopped the whole run).
/// </summary>
public sealed class MonthlyRunService(DocumentStore documents, BillingClients clients, Unbilled.UnbilledStore unbilled, TimeProvider time, ILogger<MonthlyRunService> logger)
{
    public static string PeriodKey(DateOnly period) => BillingPeriods.Key(period);

    public async Task<RunPreview> PreviewAsync(DateOnly period, IReadOnlyList<BillableContract> contracts, CancellationToken cancellationToken = default)
    {
        var billed = await BilledAsync(period, contracts, cancellationToken);
        var apart = await unbilled.FeeDaysBilledApartAsync(period, cancellationToken);
        var toCreate = new List<PlannedDocument>();
        var skipped = new List<RunContractNote>();
        var company = documents.Company;
        foreach (var contract in contracts)
        {
            var client = await clients.GetAsync(contract.ClientId);
            var (lines, _, note) = await PlanAsync(contract, period, client, billed, apart);
            if (lines is null)
            {
                skipped.Add(note!);
                continue;
            }

            var total = Money.DocumentTotals.Calculate(lines, contract.Terms.PricesIncludeVat, company.VatPayer).Total;
            foreach (var kind in Kinds)
            {
                if (!billed.Contains((contract.ContractId, kind, true)))
                {
                    toCreate.Add(new PlannedDocument(contract.ContractId, contract.Number, contract.ClientId, client?.Name, kind, total));
                }
            }
        }

        return new RunPreview(PeriodKey(period), toCreate, skipped);
    }

    /// <summary>
    /// Bills every contract for <paramref name="period"/> (its first day); documents are dated <paramref name="issuedOn"/>.
    /// Contracts are billed <see cref="ChunkSize"/> at a time in one transaction of three round trips (a block of numbers
    /// per kind, every row with its audit entries, the commit; see <see cref="DocumentStore.InsertAndIssueAsync"/>). A
    /// chunk that fails as a whole (a row a parallel run made, a database error) is rolled back, its numbers given back,
    /// and its contracts billed one by one, so only the contract that fails is listed.
    /// </summary>
    public async Task<RunResult> RunAsync(DateOnly period, IReadOnlyList<BillableContract> contracts, DateOnly issuedOn, CancellationToken cancellationToken = default)
    {
        var billed = await BilledAsync(period, contracts, cancellationToken);
        var apart = await unbilled.FeeDaysBilledApartAsync(period, cancellationToken);
        var created = 0;
        var skipped = 0;
        var failed = new List<RunContractNote>();
        var planned = new List<(BillableContract Contract, BillingClient Client, IReadOnlyList<(Guid Id, NewDocument Document)> Documents)>();
        foreach (var contract in contracts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var client = await clients.GetAsync(contract.ClientId);
                var (lines, feeDays, note) = await PlanAsync(contract, period, client, billed, apart);
                if (lines is null)
                {
                    skipped += Unplanned(note!, failed);
                    continue;
                }

                planned.Add((contract, client!, DocumentsOf(contract, period, client!, lines, feeDays, issuedOn)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed.Add(Failure(period, contract, exception));
            }
        }

        // Chunks in sequence: at once they would only queue on the counters' rows, which each holds until its commit
        // (one contract at a time, four at once was measured slower for that reason: benchmarks/results/billing-run.md).
        foreach (var chunk in planned.Chunk(ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await BillChunkAsync(period, chunk, cancellationToken))
            {
                created += chunk.Length * Kinds.Length;
                continue;
            }

            foreach (var (contract, client, documentsToMake) in chunk)
            {
                try
                {
                    var (made, existed) = await BillAsync(documentsToMake, cancellationToken);
                    created += made;
                    skipped += existed;
                }
                catch (ConflictException taken) when (taken.Text?.Code == FeeDayClaims.TakenCode)
                {
                    // The unbilled-work sync billed some of its days as an item after this run read: planned again without them.
                    var (lines, feeDays, note) = await PlanAsync(contract, period, client, billed, await unbilled.FeeDaysBilledApartAsync(period, cancellationToken));
                    if (lines is null)
                    {
                        skipped += Unplanned(note!, failed);
                        continue;
                    }

                    try
                    {
                        var (made, existed) = await BillAsync(DocumentsOf(contract, period, client, lines, feeDays, issuedOn), cancellationToken);
                        created += made;
                        skipped += existed;
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        failed.Add(Failure(period, contract, exception));
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failed.Add(Failure(period, contract, exception));
                }
            }
        }

        await RecordRunAsync(period, cancellationToken);
        if (created > 0)
        {
            documents.MoneyChanged();
        }

        return new RunResult(PeriodKey(period), created, skipped, failed);
    }

    /// <summary>
    /// A contract the run does not bill: listed as failed unless its note says there is nothing due; the documents it
    /// has already are counted as skipped.
    /// </summary>
    private static int Unplanned(RunContractNote note, List<RunContractNote> failed)
    {
        if (note.Code is not ("Billing.RunSkipNothingToBill" or "Billing.RunSkipStatus" or "Billing.RunSkipBilledOnce" or "Billing.RunSkipBilled"))
        {
            failed.Add(note);
        }

        return note.Code == "Billing.RunSkipBilled" ? Kinds.Length : 0;
    }

    /// <summary>
    /// Records that the month was run (the first run of it only): from then on, a contract of the month without its
    /// invoice was skipped, and the unbilled-work sync bills days a resumption brings back (Unbilled/ in the README).
    /// </summary>
    private async Task RecordRunAsync(DateOnly period, CancellationToken cancellationToken)
    {
        var db = documents.Db;
        await using var connection = await db.OpenAsync();
        await BillingDb.ExecuteAsync(connection, null,
            $"INSERT INTO {db.Table("monthly_runs")} (period, first_run_at) VALUES (@period, @at) ON CONFLICT (period) DO NOTHING",
            cancellationToken, ("@period", db.Date(period)), ("@at", db.Moment(time.GetUtcNow())));
    }

    /// <summary>
    /// Contracts billed in one transaction. 100 (200 documents, 600 statements in one batch) makes the run's round trips
    /// few, and keeps the counters' rows locked for a short while only: a manual issue waits for one chunk at most.
    /// </summary>
    internal const int ChunkSize = 100;

    private static readonly DocumentKind[] Kinds = [DocumentKind.Invoice, DocumentKind.Act];

    private RunContractNote Failure(DateOnly period, BillableContract contract, Exception exception)
    {
        logger.LogWarning(exception, "The monthly run for {Period} could not bill contract {ContractId}", PeriodKey(period), contract.ContractId);
        var text = exception is CrmException { Text: { } said } ? said : BillingTexts.Say("RunContractFailed", exception.GetBaseException().Message);
        return Note(contract.ContractId, text);
    }

    /// <summary>A contract's invoice and act for the period, with their ids.</summary>
    private IReadOnlyList<(Guid Id, NewDocument Document)> DocumentsOf(
        BillableContract contract, DateOnly period, BillingClient client, IReadOnlyList<Money.DocumentLine> lines, IReadOnlyList<DayRange> feeDays, DateOnly issuedOn) =>
        [.. Kinds.Select(kind =>
        {
            var dueOn = kind == DocumentKind.Invoice ? BillingOptions.DueOn(issuedOn, documents.Company.PaymentDays) : (DateOnly?)null;
            var dated = kind == DocumentKind.Act ? ActDate(contract, period) : issuedOn;
            return (Guid.NewGuid(), new NewDocument(kind, contract.ClientId, contract.ContractId, period, dated, dueOn, lines,
                contract.Terms.PricesIncludeVat, client.Buyer, new DocumentBasis(contract.Number, contract.SignedOn),
                FeeDays: kind == DocumentKind.Invoice ? feeDays : null));
        })];

    /// <summary>
    /// A chunk's documents in one transaction; false (rolled back, nothing kept, no number used) when any of them could not
    /// be made as planned, for the caller to bill those contracts one by one.
    /// </summary>
    private async Task<bool> BillChunkAsync(
        DateOnly period, IReadOnlyList<(BillableContract Contract, BillingClient Client, IReadOnlyList<(Guid Id, NewDocument Document)> Documents)> chunk, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await documents.Db.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Usually nothing of these contracts' month exists (the run read that): the numbers, the rows, the commit.
            if (!await documents.InsertAndIssueAsync(connection, transaction, [.. chunk.SelectMany(c => c.Documents)], cancellationToken))
            {
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whose it was is found contract by contract, where the failure is listed.
            logger.LogInformation(exception, "The monthly run for {Period}: a chunk of {Contracts} contracts failed and is billed one by one", PeriodKey(period), chunk.Count);
            return false;
        }
    }

    /// <summary>One contract's invoice and act in one transaction: (created, already there).</summary>
    private async Task<(int Created, int Existed)> BillAsync(IReadOnlyList<(Guid Id, NewDocument Document)> documentsToMake, CancellationToken cancellationToken)
    {
        var db = documents.Db;
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (await documents.InsertAndIssueAsync(connection, transaction, documentsToMake, cancellationToken))
            {
                await transaction.CommitAsync(cancellationToken);
                return (Kinds.Length, 0);
            }
        }

        // A parallel run made some of them a moment ago: rolled back, and each document made only where it is missing.
        var created = 0;
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var (id, document) in documentsToMake)
            {
                if (await documents.InsertAsync(connection, transaction, id, document, cancellationToken))
                {
                    await documents.IssueAsync(connection, transaction, id, document.Kind, 1, document.IssuedOn, document.DueOn, cancellationToken);
                    created++;
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return (created, Kinds.Length - created);
    }

    /// <summary>
    /// An act of completed works is dated when the work of the period is complete: the period's last day, or the
    /// contract's last day when it ends within the period (a primary document is drawn up when the operation is done,
    /// art. 9 of Law 996-XIV; dating it by the run is the generation-date drift of Dolibarr#33794). The invoice keeps the
    /// run's date: it asks for payment now. An act for December made in January is December's, numbered in its year.
    /// </summary>
    internal static DateOnly ActDate(BillableContract contract, DateOnly period)
    {
        var last = period.AddMonths(1).AddDays(-1);
        return contract.EndsOn is { } ends && ends < last && ends >= period ? ends : last;
    }

    /// <summary>
    /// The lines to bill and the days the fee bills, or why not (a skip or a failure, as a note). Days billed apart as
    /// unbilled-work items (a resumption's days, found after the month was run or skipped) are left out of the fee.
    /// </summary>
    private static Task<(IReadOnlyList<Money.DocumentLine>? Lines, IReadOnlyList<DayRange> FeeDays, RunContractNote? Note)> PlanAsync(
        BillableContract contract, DateOnly period, BillingClient? client, HashSet<(Guid, DocumentKind, bool)> billed,
        IReadOnlyDictionary<Guid, HashSet<DateOnly>> apart)
    {
        if (Kinds.All(kind => billed.Contains((contract.ContractId, kind, true))))
        {
            return Result(null, [], BillingTexts.Say("RunSkipBilled"));
        }

        if (ContractBilling.BilledOnce(contract) && Kinds.Any(kind => billed.Contains((contract.ContractId, kind, false))))
        {
            return Result(null, [], BillingTexts.Say("RunSkipBilledOnce"));
        }

        var lines = ContractBilling.Lines(contract, period, apart.GetValueOrDefault(contract.ContractId) ?? NoDays, out var feeDays, out var skip, out var failure);
        if (lines is null)
        {
            return Result(null, [], skip ?? failure);
        }

        return ContractBilling.ClientProblem(contract, client) is { } problem ? Result(null, [], problem) : Result(lines, feeDays, null);

        Task<(IReadOnlyList<Money.DocumentLine>?, IReadOnlyList<DayRange>, RunContractNote?)> Result(IReadOnlyList<Money.DocumentLine>? l, IReadOnlyList<DayRange> days, ServerText? text) =>
            Task.FromResult((l, days, text is null ? null : Note(contract.ContractId, text)));
    }

    private static readonly HashSet<DateOnly> NoDays = [];

    private static RunContractNote Note(Guid contractId, ServerText text) => new(contractId, ServerTexts.Render(text), text.Code);

    /// <summary>
    /// The run documents that exist for these contracts: (contract, kind, in this period) — those of other periods matter
    /// for contracts billed once.
    /// </summary>
    private async Task<HashSet<(Guid, DocumentKind, bool)>> BilledAsync(DateOnly period, IReadOnlyList<BillableContract> contracts, CancellationToken cancellationToken)
    {
        var result = new HashSet<(Guid, DocumentKind, bool)>();
        if (contracts.Count == 0)
        {
            return result;
        }

        var db = documents.Db;
        var once = contracts.Where(ContractBilling.BilledOnce).Select(c => c.ContractId).ToHashSet();
        var wanted = contracts.Select(c => c.ContractId).ToHashSet();
        await using var connection = OrleansCrm.BuildingBlocks.Persistence.DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        // Documents of this period, and any run document of a contract billed once (few: one-off contracts are few).
        await using var command = BillingDb.Command(connection, null,
            $"SELECT contract_id, kind, period FROM {db.Table("documents")} WHERE contract_id IS NOT NULL AND period IS NOT NULL AND (period = @period OR kind IN (0, 1) AND @any_once = 1)",
            ("@period", db.Date(period)), ("@any_once", once.Count > 0 ? 1 : 0));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var contractId = BillingDb.ReadId(reader, 0);
            if (!wanted.Contains(contractId))
            {
                continue;
            }

            var thisPeriod = BillingDb.ReadDate(reader, 2) == period;
            if (thisPeriod || once.Contains(contractId))
            {
                result.Add((contractId, (DocumentKind)Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), thisPeriod));
            }
        }

        return result;
    }
}
