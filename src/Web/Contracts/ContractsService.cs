using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.Agreements.Access;
using OrleansCrm.Agreements.ChangeContract;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.CreateContract;
using OrleansCrm.Agreements.Documents;
using OrleansCrm.Agreements.GetContract;
using OrleansCrm.Agreements.SearchContracts;
using OrleansCrm.Agreements.Templates;

namespace OrleansCrm.Web.Contracts;

/// <summary>
/// What the contract pages ask of the Agreements module, as the API's Mediator messages (same validation, same access
/// rules: a Manager reads their own clients' contracts, Director and SalesHead change them). One per circuit.
/// </summary>
public sealed class ContractsService(ISender sender, AuthenticationStateProvider authentication)
{
    public async Task<ContractsUser> UserAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return new ContractsUser(ContractViewer.From(user), ContractViewer.Readers.Any(user.IsInRole), ContractViewer.Editors.Any(user.IsInRole),
            ContractViewer.TemplateKeepers.Any(user.IsInRole));
    }

    public async Task<ContractPage> OfClientAsync(Guid clientId) =>
        await sender.Send(new SearchContracts(clientId, null, null, null, 1, 100, (await UserAsync()).Viewer));

    public async Task<ContractDetails> GetAsync(Guid id) => await sender.Send(new GetContract(id, (await UserAsync()).Viewer));

    public async Task<ContractDetails> CreateAsync(CreateContract command) => await sender.Send(command);

    public async Task<ContractDetails> ActivateAsync(Guid id) => await sender.Send(new ActOnContract(id, ContractAction.Activate));

    public async Task<ContractDetails> TerminateAsync(Guid id, string? reason, DateOnly? on) =>
        await sender.Send(new TerminateContract { ContractId = id, Reason = reason, On = on });

    public async Task<ContractDetails> SuspendAsync(Guid id, string? reason) =>
        await sender.Send(new SuspendContract { ContractId = id, Reason = reason });

    public async Task<ContractDetails> ResumeAsync(Guid id) => await sender.Send(new ActOnContract(id, ContractAction.Resume));

    public async Task<ContractDetails> AmendAsync(Guid id, DateOnly? from, decimal? fee, decimal? hours, string? text) =>
        await sender.Send(new AmendContract { ContractId = id, EffectiveFrom = from, MonthlyFee = fee, IncludedHours = hours, Text = text });

    public async Task<ContractDetails> WithdrawTerminationAsync(Guid id) => await sender.Send(new ActOnContract(id, ContractAction.WithdrawTermination));

    /// <summary>The text the contract prints now (its own, or its template's), to start editing its own from.</summary>
    public async Task<ContractTextDetails> TextAsync(Guid id) => await sender.Send(new GetContractText(id, (await UserAsync()).Viewer));

    /// <summary>The contract's own text, or with null its template's again.</summary>
    public async Task<ContractDetails> SetTextAsync(Guid id, string? ownText) =>
        await sender.Send(new SetContractText { ContractId = id, OwnText = ownText });

    public async Task<IReadOnlyList<TemplateDetails>> TemplatesAsync() => await sender.Send(new ListTemplates());

    public async Task<TemplateDetails> TemplateAsync(Guid id) => await sender.Send(new GetTemplate(id));

    /// <summary>Creates a template (no id) or replaces one's name, kind and text from the version edited (409 when newer).</summary>
    public async Task<TemplateDetails> SaveTemplateAsync(Guid? id, string? name, ContractKind? kind, string body, int? version) =>
        await sender.Send(new SaveTemplate { Id = id, Name = name, Kind = kind, Body = body, Version = version });

    public async Task<IReadOnlyList<PlaceholderInfo>> PlaceholdersAsync() => await sender.Send(new ListPlaceholders());

    /// <summary>The document's address: the API serves it to the signed-in browser.</summary>
    public static string DocumentUrl(Guid id, string format) => $"/api/contracts/{id}/document?format={format}";
}

public sealed record ContractsUser(ContractViewer Viewer, bool MayRead, bool MayEdit, bool MayKeepTemplates);
