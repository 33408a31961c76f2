using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// Keeps a definition's save and the economy batches of its municipality apart, with a transaction-scoped PostgreSQL
/// advisory lock per municipality: batches share it, a save holds it alone. Locking stored values is not enough here:
/// a save recomputes the committees and periods it finds inputs for, and a batch still in flight has written economy
/// rows the save cannot see yet, while the batch computed with the definitions it read before the save committed; a
/// value that did not exist yet cannot be locked at all. So a value stayed computed from the old definition, or was
/// never computed, until the next change. With the lock a save waits for the batches in flight and then reads what
/// they wrote, and a batch that starts during a save waits and then reads the new definition (its later statements
/// take a fresh snapshot under READ COMMITTED).
/// </summary>
public static class DefinitionLock
{
    /// <summary>The first key of the two-key advisory lock, so the hash of a municipality code cannot meet another lock's key.</summary>
    public const int LockClass = 0x4B46_4446; // "KFDF"

    /// <summary>
    /// For a batch: a shared lock on each municipality, first in its transaction. Taken in one order (ordinal) by
    /// every batch, so that two batches waiting behind two saves cannot wait for each other.
    /// </summary>
    public static NpgsqlBatchCommand SharedCommand(IEnumerable<string> municipalities) => new(
        "SELECT pg_advisory_xact_lock_shared($1, hashtext(m)) FROM unnest($2) AS m")
    {
        Parameters =
        {
            new NpgsqlParameter { Value = LockClass },
            new NpgsqlParameter
            {
                Value = municipalities.Distinct().Order(StringComparer.Ordinal).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            },
        },
    };

    /// <summary>For a definition's save: the municipality's lock alone, before anything is read.</summary>
    public static Task ExclusiveAsync(DbContext db, string municipality, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, hashtext({municipality}))", ct);
}
