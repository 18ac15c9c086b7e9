using Mediator;
using OrleansCrm.Agreements.Contracts;

namespace OrleansCrm.Agreements.Billable;

// SCAFFOLD for the parallel work of this session: the Agreements helper replaces these three with the real handlers
// (read from the contracts' table, render the document). Must not survive the session.
public sealed class ScaffoldHandlers :
    IQueryHandler<ListBillableContracts, IReadOnlyList<BillableContract>>,
    IQueryHandler<ListClientContracts, IReadOnlyList<BillableContract>>,
    IQueryHandler<RenderContractDocument, ContractDocumentFile?>
{
    public ValueTask<IReadOnlyList<BillableContract>> Handle(ListBillableContracts query, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask<IReadOnlyList<BillableContract>> Handle(ListClientContracts query, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask<ContractDocumentFile?> Handle(RenderContractDocument query, CancellationToken cancellationToken) => throw new NotImplementedException();
}
