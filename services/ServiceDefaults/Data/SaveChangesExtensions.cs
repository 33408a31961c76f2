using Microsoft.EntityFrameworkCore;

namespace NamndFollowUp.ServiceDefaults.Data;

public static class SaveChangesExtensions
{
    /// <summary>
    /// Saves the unit of work. When another writer changed or inserted the same rows between our read and
    /// our write, nothing of ours is stored and the caller gets Aborted, which gRPC clients may retry.
    /// </summary>
    public static async Task SaveChangesOrAbortAsync(this DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (ConcurrentWrite.IsRowConflict(e) || ConcurrentWrite.Is(e))
        {
            throw ConcurrentWrite.ToRpcException();
        }
    }
}
