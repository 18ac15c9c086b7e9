using System.Data.Common;
using System.Text.Json;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Staff.ReadModel;

/// <summary>
/// Writes a specialist's version into the list tables in one transaction.
/// The main row is upserted only when the incoming version is newer; when it is not, nothing else is touched,
/// so retries and reordering are harmless.
/// </summary>
public sealed class SpecialistProjection(DatabaseOptions database, GroupCommitWriter writer)
{
    /// <summary>How the skills column is written and read: camelCase, like the API.</summary>
    public static readonly JsonSerializerOptions SkillsJson = new(JsonSerializerDefaults.Web);

    private readonly ModuleTables _tables = StaffDbContext.Tables(database.Provider);

    // Built once: the group commit converts each SQL string instance once (PositionalSql).
    private readonly string _row = RowSql(StaffDbContext.Tables(database.Provider), updateSkills: true);
    private readonly string _rowKeepingSkills = RowSql(StaffDbContext.Tables(database.Provider), updateSkills: false);

    /// <summary>Completes once the row is committed, in a transaction shared with other projections (<see cref="GroupCommitWriter"/>).</summary>
    public Task ProjectAsync(SpecialistDetails specialist, CancellationToken cancellationToken) =>
        writer.WriteAsync(Row(specialist), cancellationToken);

    /// <summary>The whole row with its skill rows: what commits with the specialist's state when the skills may have changed.</summary>
    public RowWrite Row(SpecialistDetails specialist) =>
        RowWrite.Of((connection, transaction, token) => WriteAsync(connection, transaction, specialist, token));

    /// <summary>
    /// The main row alone, for a change that leaves the skills as they were (work reported by tickets): one statement,
    /// so it can commit with the grain's state (<see cref="StateWriteCompanion"/>). The skills column is left alone, so
    /// that the next full projection still sees whether the skill rows need rewriting.
    /// </summary>
    public SqlStatement RowWithoutSkills(SpecialistDetails specialist) => Row(specialist, "[]", updateSkills: false);

    /// <summary>The main row's upsert; an older or equal version changes nothing.</summary>
    private SqlStatement Row(SpecialistDetails specialist, string skills, bool updateSkills) =>
        new SqlStatement(updateSkills ? _row : _rowKeepingSkills)
            .Add("@id", database.DbId(specialist.Id))
            .Add("@version", specialist.Version)
            .Add("@name", specialist.Name)
            .Add("@search_name", specialist.Name.ToLowerInvariant())
            .Add("@user_id", specialist.UserId)
            .Add("@qualification_grade", specialist.QualificationGrade)
            .Add("@capacity", specialist.Capacity)
            .Add("@availability_status", specialist.Availability.Status.ToString())
            .Add("@available_until", Time(specialist.Availability.Until))
            .Add("@load", specialist.Load)
            .Add("@rating", specialist.Rating)
            .Add("@skills", skills);

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, SpecialistDetails specialist, CancellationToken cancellationToken)
    {

        // The skills column and the skill rows change together in this transaction, so the column tells whether the rows
        // need rewriting: most changes (every work event) leave the skills alone. Locked, so an older projection
        // racing this one cannot change the rows between this read and the upsert.
        var read = Command(connection, transaction,
            $"SELECT skills FROM {_tables.Sql("specialists")} WHERE id = @id{(database.Provider == DatabaseProvider.PostgreSql ? " FOR UPDATE" : "")}");
        read.AddParameter("@id", database.DbId(specialist.Id));
        var storedSkills = await read.ExecuteScalarAsync(cancellationToken) as string;
        var skills = JsonSerializer.Serialize(specialist.Skills, SkillsJson);

        var row = Row(specialist, skills, updateSkills: true);
        var upsert = Command(connection, transaction, row.Sql);
        foreach (var (name, value) in row.Parameters)
        {
            upsert.AddParameter(name, value);
        }

        if (await upsert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return; // the tables already hold this version or a newer one
        }

        if (storedSkills == skills)
        {
            return;
        }

        var delete = Command(connection, transaction, $"DELETE FROM {_tables.Sql("specialist_skills")} WHERE specialist_id = @id");
        delete.AddParameter("@id", database.DbId(specialist.Id));
        await delete.ExecuteNonQueryAsync(cancellationToken);

        if (specialist.Skills.Count > 0)
        {
            var insert = Command(connection, transaction, "");
            var values = new List<string>();
            for (var i = 0; i < specialist.Skills.Count; i++)
            {
                values.Add($"(@id, @code{i}, @level{i})");
                insert.AddParameter($"@code{i}", specialist.Skills[i].Code);
                insert.AddParameter($"@level{i}", specialist.Skills[i].Level);
            }

            insert.AddParameter("@id", database.DbId(specialist.Id));
            insert.CommandText = $"INSERT INTO {_tables.Sql("specialist_skills")} (specialist_id, code, level) VALUES {string.Join(", ", values)}";
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

    }

    /// <summary>PostgreSQL stores timestamptz (UTC); SQLite unix milliseconds (see StaffDbContext).</summary>
    private object? Time(DateTimeOffset? time) =>
        time is not { } t ? null : database.Provider == DatabaseProvider.PostgreSql ? t.ToUniversalTime() : StaffDbContext.UnixMilliseconds.ConvertToProvider(t);

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static string RowSql(ModuleTables tables, bool updateSkills) => $"""
            INSERT INTO {tables.Sql("specialists")} AS t (id, version, name, search_name, user_id, qualification_grade, capacity,
                availability_status, available_until, load, rating, skills)
            VALUES (@id, @version, @name, @search_name, @user_id, @qualification_grade, @capacity,
                @availability_status, @available_until, @load, @rating, @skills)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, name = excluded.name, search_name = excluded.search_name, user_id = excluded.user_id,
                qualification_grade = excluded.qualification_grade, capacity = excluded.capacity,
                availability_status = excluded.availability_status, available_until = excluded.available_until,
                load = excluded.load, rating = excluded.rating{(updateSkills ? ", skills = excluded.skills" : "")}
            WHERE t.version < excluded.version
        """;
}
