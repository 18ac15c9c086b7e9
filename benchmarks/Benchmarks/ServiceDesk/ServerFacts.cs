using Npgsql;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>The conditions of the run: the PostgreSQL server's version and the settings that decide what a commit costs, and the machine.</summary>
internal sealed record ServerFacts(string Version, string SynchronousCommit, string Fsync, string SharedBuffers, string MaxConnections, string Cpu, string Memory)
{
    public static async Task<ServerFacts> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        async Task<string> Show(string setting)
        {
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        return new ServerFacts(
            await Show("server_version"), await Show("synchronous_commit"), await Show("fsync"), await Show("shared_buffers"), await Show("max_connections"),
            Read("/proc/cpuinfo", "model name") ?? "unknown CPU",
            Read("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var total)
                ? $"{total / 1024 / 1024} GB RAM"
                : "unknown RAM");
    }

    private static string? Read(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
    }
}
