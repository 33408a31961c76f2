using Grpc.Core;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Data;

/// <summary>
/// Tells a database that is away (restarting, failing over, refusing connections) from a fault in the request or the
/// code. A PostgreSQL restart under load answered every route with UNKNOWN "Exception was thrown by handler" (HTTP 500);
/// the caller can do nothing with that, while UNAVAILABLE (HTTP 503) says: retry, it will pass.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>The message callers get; it says what they can do about it.</summary>
    public const string Message = "The service's database is unavailable for the moment (restarting or failing over); retry the request.";

    /// <summary>True when <paramref name="e"/>, or an exception it wraps (EF's DbUpdateException, a pool's timeout), is the
    /// database being away rather than a statement it refused.</summary>
    public static bool Is(Exception? e) => e switch
    {
        null => false,
        // Class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect now), 53300 (too many
        // connections while a failover's clients come back): the server is going or not there yet.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections,
        // A broken socket, a refused or timed-out connect, a pool with no connection to give: Npgsql marks these transient.
        NpgsqlException n => n.IsTransient || Is(n.InnerException),
        TimeoutException => true,
        _ => Is(e.InnerException),
    };

    public static RpcException ToRpcException() => new(new Status(StatusCode.Unavailable, Message));
}
