using System.Data.Common;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Documents;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Agreements.Templates;

/// <summary>A contract template in the catalogue.</summary>
public sealed record TemplateDetails(Guid Id, string Name, ContractKind Kind, string Body, int Version, DateTimeOffset UpdatedAt)
{
    /// <summary>The body as its title, preamble and ordered sections of clauses (what the templates page edits).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ContractTemplate Outline => ContractTemplate.Parse(Body);
}

/// <summary>
/// The catalogue of contract templates (<c>agreements.templates</c>): plain rows, changed in a transaction with their
/// audit entry. The built-in templates (Documents/Templates/*.txt) are inserted with fixed ids at start, never
/// overwritten: an Admin's edit of a built-in one stays.
/// </summary>
public sealed class TemplateCatalogue(DatabaseOptions database, AuditLog audit, TimeProvider time)
{
    /// <summary>The built-in templates: resource file, name, kind. The first of a kind is the kind's default.</summary>
    public static readonly IReadOnlyList<(string File, string Name, ContractKind Kind)> BuiltIn =
    [
        ("support-subscription", "Абонентське обслуговування (підтримка)", ContractKind.Support),
        ("one-off", "Разові послуги", ContractKind.OneOff),
        ("its", "Підписка ІТС", ContractKind.Its),
        ("qes-commercial", "Видача КЕП (комерційна організація)", ContractKind.Qes),
        ("qes-budget", "Видача КЕП (бюджетна установа)", ContractKind.Qes),
    ];

    private readonly ModuleTables _tables = AgreementsTables.Of(database);
    private Task? _seeded;

    public static Guid IdOf(string file) => DeterministicGuid.Create("agreements/templates", file);

    /// <summary>The template a contract of <paramref name="kind"/> uses when it names none.</summary>
    public static Guid DefaultFor(ContractKind kind) => IdOf(BuiltIn.First(t => t.Kind == kind).File);

    public async Task<IReadOnlyList<TemplateDetails>> ListAsync(CancellationToken cancellationToken)
    {
        await SeedAsync();
        return await ReadAsync("", null, cancellationToken);
    }

    public async Task<TemplateDetails?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await SeedAsync();
        return (await ReadAsync("WHERE id = @id", database.DbId(id), cancellationToken)).FirstOrDefault();
    }

    public async Task<TemplateDetails> CreateAsync(string name, ContractKind kind, string body, CancellationToken cancellationToken)
    {
        var template = new TemplateDetails(Guid.CreateVersion7(), name, kind, body, 1, time.GetUtcNow());
        await WriteAsync($"""
            INSERT INTO {_tables.Sql("templates")} (id, name, kind, body, version, updated_at) VALUES (@id, @name, @kind, @body, @version, @updated_at)
            """, template, "Create", [new("name", null, name), new("kind", null, kind.ToString(), "enum:ContractKind")], cancellationToken);
        return template;
    }

    public async Task<TemplateDetails> UpdateAsync(Guid id, string name, ContractKind kind, string body, int version, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken) ?? throw new NotFoundException(AgreementsTexts.Say("TemplateNotFound", id.ToString()));
        if (current.Name == name && current.Kind == kind && current.Body == body && current.Version == version + 1)
        {
            return current; // the same edit, retried
        }

        if (current.Version != version)
        {
            throw new ConflictException(AgreementsTexts.Say("TemplateStale", version, current.Version), current.Version);
        }

        var template = new TemplateDetails(id, name, kind, body, version + 1, time.GetUtcNow());
        var changes = new List<AuditChange>();
        if (current.Name != name)
            changes.Add(new("name", current.Name, name));
        if (current.Kind != kind)
            changes.Add(new("kind", current.Kind.ToString(), kind.ToString(), "enum:ContractKind"));
        if (current.Body != body)
            changes.Add(new("body", "…", "…"));
        var written = await WriteAsync($"""
            UPDATE {_tables.Sql("templates")} SET name = @name, kind = @kind, body = @body, version = @version, updated_at = @updated_at
            WHERE id = @id AND version = @version - 1
            """, template, "Update", changes, cancellationToken);
        return written == 1 ? template : throw new ConflictException(AgreementsTexts.Say("TemplateStale", version, version + 1));
    }

    /// <summary>The row and its audit entry in one transaction; the count of rows written.</summary>
    private async Task<int> WriteAsync(string sql, TemplateDetails template, string action, IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnections.OpenForWritingAsync(database);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.Command(sql, transaction);
        command.AddParameter("@id", database.DbId(template.Id));
        command.AddParameter("@name", template.Name);
        command.AddParameter("@kind", template.Kind.ToString());
        command.AddParameter("@body", template.Body);
        command.AddParameter("@version", template.Version);
        command.AddParameter("@updated_at", template.UpdatedAt);
        var written = await command.ExecuteNonQueryAsync(cancellationToken);
        if (written == 1)
        {
            var id = template.Id.ToString();
            await audit.WriteAsync(connection, transaction, new AuditEntry(
                AuditLog.IdOf("contractTemplate", id, template.Version), "contractTemplate", id, template.Version, "Agreements",
                AuditContext.Current ?? AuditActor.Product, template.UpdatedAt, action, changes), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private async Task<IReadOnlyList<TemplateDetails>> ReadAsync(string where, object? id, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT id, name, kind, body, version, updated_at FROM {_tables.Sql("templates")} {where} ORDER BY kind, name");
        if (id is not null)
            command.AddParameter("@id", id);
        var templates = new List<TemplateDetails>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            templates.Add(new TemplateDetails(reader.ReadGuid(0), reader.GetString(1), Enum.Parse<ContractKind>(reader.GetString(2)), reader.GetString(3),
                reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return templates;
    }

    /// <summary>Once per process: the built-in templates, where missing (a second host doing it at once inserts nothing twice).</summary>
    public Task SeedAsync()
    {
        var seeded = _seeded;
        if (seeded is { IsCompletedSuccessfully: true })
            return seeded;
        return _seeded = InsertBuiltInAsync();
    }

    private async Task InsertBuiltInAsync()
    {
        await using var connection = await DatabaseConnections.OpenForWritingAsync(database);
        foreach (var (file, name, kind) in BuiltIn)
        {
            await using var command = connection.Command($"""
                INSERT INTO {_tables.Sql("templates")} (id, name, kind, body, version, updated_at) VALUES (@id, @name, @kind, @body, 1, @updated_at)
                ON CONFLICT (id) DO NOTHING
                """);
            command.AddParameter("@id", database.DbId(IdOf(file)));
            command.AddParameter("@name", name);
            command.AddParameter("@kind", kind.ToString());
            command.AddParameter("@body", ContractTemplate.Resource(file));
            command.AddParameter("@updated_at", time.GetUtcNow());
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>
/// Inserts the built-in templates when the host starts (after the schema's migrations, registered before it), so that
/// reading the catalogue never writes.
/// </summary>
internal sealed class TemplateSeeding(TemplateCatalogue catalogue) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => catalogue.SeedAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
