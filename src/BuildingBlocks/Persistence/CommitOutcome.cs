using System.Net.Sockets;
using Npgsql;
using Orleans;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// A write whose commit may or may not have happened: the connection failed while the database had the transaction (a
/// dropped connection after the server committed looks exactly like one dropped before). Not a conflict and not a
/// failure: whoever made the change must neither undo what depends on it nor report it refused; they read what was
/// stored before deciding anything. The API answers 503 with Retry-After, and a retry with the same idempotency key
/// finds what was stored.
/// </summary>
[GenerateSerializer]
public sealed class CommitOutcomeUnknownException : Exception
{
    public CommitOutcomeUnknownException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The database could not take a write now (its queue is full, it does not answer): nothing was written. The API answers
/// 503 with Retry-After instead of letting callers wait on a database that is down.
/// </summary>
[GenerateSerializer]
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}

public static class CommitOutcome
{
    /// <summary>
    /// Whether an exception from sending or committing a transaction leaves its outcome unknown: a broken connection or a
    /// timeout while the server held the transaction. An error the server reported (a constraint, a refused statement)
    /// means it rolled back; SQLite runs in process, so its errors are always known.
    /// </summary>
    public static bool IsUnknown(Exception exception) => exception switch
    {
        DatabaseUnavailableException => false, // nothing was sent
        CommitOutcomeUnknownException => true,
        PostgresException => false,
        NpgsqlException => true,
        IOException or SocketException or TimeoutException => true,
        _ when ThrownByNpgsql(exception) => true, // its own failure on a broken connection (see IsUnavailable)
        _ => exception.InnerException is { } inner && IsUnknown(inner),
    };

    /// <summary>
    /// Whether the database itself is unreachable or failing (as opposed to a refused or invalid statement), or the
    /// cluster refused the call for a passing reason: Orleans rejects a call whose grain could not activate (its state
    /// could not be read), whose silo is going away or is overloaded, with a message rather than the cause.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        DatabaseUnavailableException or CommitOutcomeUnknownException => true,
        Orleans.Runtime.OrleansMessageRejectionException => true,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutting down, cannot connect now
            || postgres.SqlState == "53300", // too many connections
        NpgsqlException => true,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        IOException or SocketException or TimeoutException => true,
        // Npgsql itself failing on a connection that broke under it (seen: a NullReferenceException in
        // NpgsqlDataReader.NextResult while PostgreSQL was cut off): the database, not the request, is at fault.
        _ when ThrownByNpgsql(exception) => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    private static bool ThrownByNpgsql(Exception exception) => exception.TargetSite?.DeclaringType?.Assembly == typeof(NpgsqlConnection).Assembly;
}
