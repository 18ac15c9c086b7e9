using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Pipelines;

/// <summary>
/// Pipelines are plain rows (sales.pipelines): an admin changes them rarely, deals read them on every move. A change is
/// guarded by the version the editor read; the name is unique (case-insensitive) in the database.
/// </summary>
public sealed class PipelineStore(SalesDb db)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private string Columns => "id, name, version, next_interaction_required, stages, custom_fields, loss_reasons, on_invoice_paid, created_at, updated_at";

    public async Task<IReadOnlyList<Pipeline>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, $"SELECT {Columns} FROM {db.Pipelines} WHERE archived = @no ORDER BY name", ("no", false));
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Pipeline?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, $"SELECT {Columns} FROM {db.Pipelines} WHERE id = @id", ("id", db.Id(id)));
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<Pipeline> CreateAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        try
        {
            await ModuleDb.ExecuteAsync(connection, null,
                $"""
                INSERT INTO {db.Pipelines} (id, name, version, next_interaction_required, stages, custom_fields, loss_reasons, on_invoice_paid, created_at, updated_at)
                VALUES (@id, @name, 1, @next, @stages, @fields, @reasons, @paid, @at, @at)
                """, cancellationToken, Values(pipeline));
        }
        catch (DbException exception) when (ModuleDb.IsUniqueViolation(exception))
        {
            throw SalesTexts.Invalid("name", SalesTexts.Say("PipelineNameTaken", pipeline.Name));
        }

        return pipeline with { Version = 1 };
    }

    /// <summary>Replaces the pipeline when it is still at <paramref name="version"/>: 404 when there is none, 409 when it changed.</summary>
    public async Task<Pipeline> UpdateAsync(Pipeline pipeline, int version, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        int changed;
        try
        {
            changed = await ModuleDb.ExecuteAsync(connection, null,
                $"""
                UPDATE {db.Pipelines} SET name = @name, version = version + 1, next_interaction_required = @next, stages = @stages,
                    custom_fields = @fields, loss_reasons = @reasons, on_invoice_paid = @paid, updated_at = @at
                WHERE id = @id AND version = @version
                """, cancellationToken, [.. Values(pipeline), ("version", version)]);
        }
        catch (DbException exception) when (ModuleDb.IsUniqueViolation(exception))
        {
            throw SalesTexts.Invalid("name", SalesTexts.Say("PipelineNameTaken", pipeline.Name));
        }

        if (changed == 0)
        {
            var current = await GetAsync(pipeline.Id, cancellationToken) ?? throw new NotFoundException(SalesTexts.Say("PipelineNotFound", pipeline.Id.ToString()));
            throw new ConflictException(SalesTexts.Say("PipelineChanged"), current.Version);
        }

        return (await GetAsync(pipeline.Id, cancellationToken))!;
    }

    /// <summary>Open deals per stage of the pipeline, for these stages (those with none are absent).</summary>
    public async Task<IReadOnlyDictionary<string, int>> OpenDealsInAsync(Guid pipelineId, IReadOnlyCollection<string> stages, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (stages.Count == 0)
        {
            return counts;
        }

        var names = stages.Select((_, i) => $"@s{i}").ToList();
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null,
            $"SELECT stage, COUNT(*) FROM {db.Deals} WHERE pipeline_id = @pipeline AND status = 0 AND stage IN ({string.Join(", ", names)}) GROUP BY stage",
            [("pipeline", db.Id(pipelineId)), .. stages.Select((s, i) => ($"s{i}", (object?)s))]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1));
        }

        return counts;
    }

    private (string, object?)[] Values(Pipeline p) =>
    [
        ("id", db.Id(p.Id)), ("name", p.Name), ("next", p.NextInteractionRequired),
        ("stages", JsonSerializer.Serialize(p.Stages, Json)), ("fields", JsonSerializer.Serialize(p.CustomFields, Json)),
        ("reasons", JsonSerializer.Serialize(p.LossReasons, Json)), ("paid", p.OnInvoicePaid), ("at", db.Moment(p.UpdatedAt)),
    ];

    private static async Task<IReadOnlyList<Pipeline>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var found = new List<Pipeline>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new Pipeline(
                ModuleDb.ReadId(reader, 0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2)), Convert.ToBoolean(reader.GetValue(3)),
                JsonSerializer.Deserialize<List<PipelineStage>>(reader.GetString(4), Json)!,
                JsonSerializer.Deserialize<List<CustomField>>(reader.GetString(5), Json)!,
                JsonSerializer.Deserialize<List<string>>(reader.GetString(6), Json)!,
                ModuleDb.ReadText(reader, 7), ModuleDb.ReadMoment(reader, 8), ModuleDb.ReadMoment(reader, 9)));
        }

        return found;
    }
}
