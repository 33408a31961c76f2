using Microsoft.EntityFrameworkCore;
using NamndFollowUp.ServiceDefaults.Data;

namespace NamndFollowUp.KeyFigures.Infrastructure;

public static class ConflictRetry
{
    /// <summary>
    /// Runs a unit of work (reads, changes, one SaveChanges) again from a clean slate when a concurrent writer
    /// got there first. Entered inputs and economy events recompute the same stored values, so such races are
    /// expected, not exceptional; the last attempt's conflict is the caller's to report.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken ct, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // One transaction, so the stored values locked by Recomputation stay locked until the commit.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work();
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (attempt < attempts && IsConflict(e))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * attempt), ct);
            }
        }
    }

    public static async Task RetryOnConflictAsync(this DbContext db, Func<Task> work, CancellationToken ct, int attempts = 5) =>
        await db.RetryOnConflictAsync(async () => { await work(); return true; }, ct, attempts);

    /// <summary>As <see cref="RetryOnConflictAsync{T}"/> for an RPC: a conflict that outlasts the attempts is Aborted, which clients may retry.</summary>
    public static async Task<T> RetryOrAbortAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await db.RetryOnConflictAsync(work, ct);
        }
        catch (Exception e) when (IsConflict(e))
        {
            throw ConcurrentWrite.ToRpcException();
        }
    }

    /// <summary>A concurrent writer won: a changed or inserted row, or a deadlock between two lockers of stored values.</summary>
    public static bool IsConflict(Exception e) => ConcurrentWrite.IsRowConflict(e) || ConcurrentWrite.Is(e);
}
