using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>A pipeline the funnel can be drawn for.</summary>
public sealed record FunnelPipeline(Guid Id, string Name);

/// <summary>The pipelines not archived, by name: the funnel's choice on the head of sales' page and the wall.</summary>
public sealed record GetFunnelPipelines : IQuery<IReadOnlyList<FunnelPipeline>>;

/// <summary>Nothing to check: the query has no input. Present because every message has a validator.</summary>
public sealed class GetFunnelPipelinesValidator : AbstractValidator<GetFunnelPipelines>
{
}

public sealed class GetFunnelPipelinesHandler(SalesDb db) : IQueryHandler<GetFunnelPipelines, IReadOnlyList<FunnelPipeline>>
{
    public async ValueTask<IReadOnlyList<FunnelPipeline>> Handle(GetFunnelPipelines query, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, $"SELECT id, name FROM {db.Pipelines} WHERE archived = {(db.IsPostgres ? "false" : "0")} ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pipelines = new List<FunnelPipeline>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pipelines.Add(new FunnelPipeline(ModuleDb.ReadId(reader, 0), reader.GetString(1)));
        }

        return pipelines;
    }
}
