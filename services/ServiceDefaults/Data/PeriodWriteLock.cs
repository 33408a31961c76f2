using Microsoft.EntityFrameworkCore;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Data;

/// <summary>
/// Serialises the writers of one committee's period, in whichever replica they run. The first writes to a new period
/// each found no report, each created one, and all but one collided on the report's unique index (409 ABORTED). Held,
/// the second writer waits until the first commits and then finds the report and rows it made; the rules checked on
/// the period as it will stand also see every committed write. A PostgreSQL advisory lock, so it spans replicas and is
/// released with the transaction, whatever happens to the process.
/// </summary>
public static class PeriodWriteLock
{
    /// <summary>
    /// Takes the locks of <paramref name="periods"/> in the current transaction (begin one first). In one order, so two
    /// writers of overlapping periods (an import and a single write) wait for each other instead of deadlocking.
    /// </summary>
    public static async Task LockPeriodsAsync(this DbContext db, string service, string municipality, string committee,
        IEnumerable<PeriodKey> periods, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A period's write lock is held by a transaction: begin one first.");
        }
        var keys = periods.Distinct().Select(p => $"{service}/{municipality}/{committee}/{p.Year}/{p.Point}").Order(StringComparer.Ordinal).ToArray();
        if (keys.Length == 0)
        {
            return;
        }
        // One round trip for all of them (an import of a year touches 13 periods): the array's order is kept by
        // WITH ORDINALITY, and PostgreSQL calls a volatile function of the select list after the ORDER BY, so they
        // are taken one by one in that order. A 64-bit hash of the key: a collision only makes two unrelated writers
        // wait for each other.
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest({keys}) WITH ORDINALITY AS l(k, n) ORDER BY n", ct);
    }

    public static Task LockPeriodAsync(this DbContext db, string service, string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        db.LockPeriodsAsync(service, municipality, committee, [period], ct);
}
