using OrleansCrm.Agreements.Contracts;
using OrleansCrm.BuildingBlocks.Grains;

namespace OrleansCrm.Agreements.Lifecycle;

/// <summary>A contract's persisted state. Its name and shape are part of the stored data: rename nothing without a migration.</summary>
[GenerateSerializer]
public sealed class ContractState : IOutboxState<SupportCheck>
{
    /// <summary>What the contract was created with (client, kind, dates, first terms, text, requisites); null before.</summary>
    [Id(0)] public NewContract? Contract { get; set; }

    [Id(1)] public int Version { get; set; }

    [Id(2)] public string Number { get; set; } = "";

    [Id(3)] public ContractStatus Status { get; set; }

    /// <summary>The current end: the created one, moved by each renewal.</summary>
    [Id(4)] public DateOnly EndsOn { get; set; }

    [Id(5)] public List<ContractAmendment> Amendments { get; set; } = [];

    [Id(6)] public DateOnly? ActivatedOn { get; set; }

    [Id(7)] public DateOnly? TerminatedOn { get; set; }

    [Id(8)] public string? TerminationReason { get; set; }

    [Id(9)] public int Renewals { get; set; }

    [Id(10)] public DateTimeOffset CreatedAt { get; set; }

    [Id(11)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Support checks stored with the change that needs them, delivered after the commit (the kit's outbox).</summary>
    [Id(12)] public List<SupportCheck> Outbox { get; set; } = [];

    /// <summary>The day a suspension began (null when not suspended): no billing and no support while it lasts.</summary>
    [Id(13)] public DateOnly? SuspendedOn { get; set; }

    [Id(14)] public string? SuspensionReason { get; set; }

    /// <summary>Every suspension, the current one last and open (To null): billing leaves their days out.</summary>
    [Id(15)] public List<SuspensionPeriod> Suspensions { get; set; } = [];

    /// <summary>The day of the scheduled termination withdrawn last (null once a termination is set again): a retried withdrawal is not a 409.</summary>
    [Id(16)] public DateOnly? WithdrawnTerminationOn { get; set; }

    /// <summary>Whether the text was set after creation (then <see cref="OwnText"/> replaces the created one; null: the template's).</summary>
    [Id(17)] public bool TextEdited { get; set; }

    [Id(18)] public string? OwnText { get; set; }
}

/// <summary>
/// A support contract of this client changed status: its support status is to be derived again from its contracts.
/// The receiver reads the stored contracts, so a repeat or a late delivery does no harm.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SupportCheck([property: Id(0)] Guid ClientId, [property: Id(1)] string ContractNumber, [property: Id(2)] ContractStatus Status);
