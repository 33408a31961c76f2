using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Data;

/// <summary>
/// A write PostgreSQL refused because another writer held what it needed at the same moment: a deadlock it broke by
/// cancelling ours (40P01), a serializable transaction it could not order (40001), a lock not to be had at once (55P03).
/// The transaction is rolled back, so nothing of the request is stored, and the same request will most likely pass when
/// sent again. Such a refusal answered UNKNOWN (HTTP 500), which tells a caller nothing; it is ABORTED (HTTP 409), the
/// status gRPC gives concurrency conflicts. The one place that says which failures are a collision: the interceptor's
/// answer, <see cref="SaveChangesExtensions.SaveChangesOrAbortAsync"/>, the report lifecycle's unit of work and
/// keyfigures' retries all ask here.
/// </summary>
public static class ConcurrentWrite
{
    public const string Message = "Another write to the same data collided with this one; nothing was stored, retry the request.";

    /// <summary>True when <paramref name="e"/>, or an exception it wraps (EF's DbUpdateException), is such a refusal.</summary>
    public static bool Is(Exception? e) => e switch
    {
        null => false,
        PostgresException p => p.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.LockNotAvailable,
        _ => Is(e.InnerException),
    };

    /// <summary>
    /// True when another writer changed or inserted the same rows between our read and our write (EF's concurrency
    /// check, or a unique key inserted first): a collision only where the code read before it wrote, so asked by the
    /// unit of work that did, not by the interceptor, to which a unique violation may be a fault of its own.
    /// </summary>
    public static bool IsRowConflict(Exception? e) => e switch
    {
        null => false,
        DbUpdateConcurrencyException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => IsRowConflict(e.InnerException),
    };

    public static RpcException ToRpcException() => new(new Status(StatusCode.Aborted, Message));
}
