using Microsoft.EntityFrameworkCore;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// The period write locks (<see cref="PeriodWriteLock"/>) as a second writer meets them, on the suite's economy
/// database: an import takes the locks of every period it touches in one statement and holds each of them until
/// its transaction ends, so a single write to any of those periods waits, and a write to another period does not.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class PeriodWriteLockTests(ServiceHosts suite)
{
    private const string Committee = "LOCKS";

    /// <summary>What an import of a year's ledger touches: its twelve months and helår.</summary>
    private static readonly PeriodKey[] Year = [.. Enumerable.Range(1, 12).Select(m => new PeriodKey(2024, m)), new PeriodKey(2024, PeriodKey.FullYear)];

    [Fact]
    public async Task The_locks_of_a_years_periods_are_all_held_until_the_transaction_ends_and_no_others()
    {
        await using var importer = Context();
        await using (var import = await importer.Database.BeginTransactionAsync())
        {
            await importer.LockPeriodsAsync("economy", Municipality, Committee, Year, CancellationToken.None);

            foreach (var period in Year)
            {
                Assert.False(await SingleWriteCanLockAsync(period), $"{period} should be held by the import");
            }
            Assert.True(await SingleWriteCanLockAsync(new PeriodKey(2025, 1)), "a period the import does not touch should be free");
            Assert.True(await SingleWriteCanLockAsync(new PeriodKey(2024, 1), committee: "OTHER"), "another committee's period should be free");

            await import.RollbackAsync();
        }

        foreach (var period in Year)
        {
            Assert.True(await SingleWriteCanLockAsync(period), $"{period} should be free once the import's transaction has ended");
        }
    }

    /// <summary>
    /// Whether a single write could take the period's lock now. lock_timeout makes it give up on a lock that is held
    /// instead of waiting; a free lock is granted without waiting at all, so how loaded the machine is does not matter.
    /// </summary>
    private async Task<bool> SingleWriteCanLockAsync(PeriodKey period, string committee = Committee)
    {
        await using var writer = Context();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        await writer.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '100ms'");
        try
        {
            await writer.LockPeriodAsync("economy", Municipality, committee, period, CancellationToken.None);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    private DbContext Context() => new(new DbContextOptionsBuilder().UseNpgsql(suite.ConnectionString("economy")).Options);
}
