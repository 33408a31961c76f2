using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Data;

/// <summary>
/// Schema a process installs at start (triggers and their functions, outside EF's migrations), run only when it is not
/// there already. CREATE OR REPLACE TRIGGER takes a SHARE ROW EXCLUSIVE lock on its table, which waits for every open
/// write transaction on it (another replica's import of 200 000 rows, a consumer's batch) and holds up every writer that
/// comes after it: a replica started beside a busy one stalled the other's writes and itself took 107 s to become
/// ready. So the installed version is marked on the trigger function (COMMENT ON FUNCTION) and checked first, from the
/// catalog, without a lock.
/// </summary>
public static class InstalledSchema
{
    /// <summary>The mark an installation of <paramref name="ddl"/> leaves on its function: a digest of the text itself.</summary>
    public static string Mark(string ddl) => "namnd schema " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ddl)))[..16];

    /// <summary>
    /// Installs <paramref name="ddl"/> (with its mark) unless it is installed. Checked from the catalog first, without a
    /// lock (a replica's restart, the common case); when something is missing, checked again once the advisory lock
    /// <paramref name="lockName"/> is held, since replicas started together all find it missing at first, and all but the
    /// first find it installed once they hold the lock: without the second check each of them ran the DDL, and its table
    /// lock, in turn. Returns whether this call installed it.
    /// </summary>
    public static async Task<bool> EnsureAsync(NpgsqlConnection connection, string lockName, string ddl, Parts parts, CancellationToken cancellationToken)
    {
        if (await IsInstalledAsync(connection, null, ddl, parts, cancellationToken))
        {
            return false;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@name))", connection, transaction))
        {
            take.Parameters.AddWithValue("name", lockName);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        if (await IsInstalledAsync(connection, transaction, ddl, parts, cancellationToken))
        {
            await transaction.CommitAsync(cancellationToken);
            return false;
        }
        await using (var install = new NpgsqlCommand(ddl + MarkStatement(ddl, parts.Function), connection, transaction))
        {
            await install.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// What an installation consists of: the trigger <paramref name="Function"/> (which carries the mark), each of the
    /// <paramref name="Triggers"/> on each of the <paramref name="Tables"/>, and <paramref name="Relations"/> it creates
    /// (tables, indexes) that must exist as well: dropped by hand, they are created again at the next start.
    /// </summary>
    public sealed record Parts(string Function, IReadOnlyCollection<string> Triggers, IReadOnlyCollection<string> Tables, IReadOnlyCollection<string> Relations);

    /// <summary>True when the function carries the mark of <paramref name="ddl"/> and every trigger and relation of <paramref name="parts"/> exists.</summary>
    public static async Task<bool> IsInstalledAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string ddl, Parts parts,
        CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand("""
            SELECT coalesce(obj_description(to_regproc(@function)::oid, 'pg_proc'), '') = @mark
               AND (SELECT count(*) FROM pg_trigger t
                    WHERE NOT t.tgisinternal AND t.tgname = ANY(@triggers)
                      AND t.tgrelid = ANY(ARRAY(SELECT to_regclass(quote_ident(x)) FROM unnest(@tables) x))) = @expected
               AND (SELECT count(*) FROM unnest(@relations) r WHERE to_regclass(quote_ident(r)) IS NOT NULL) = cardinality(@relations)
            """, connection, transaction);
        check.Parameters.AddWithValue("function", parts.Function);
        check.Parameters.AddWithValue("mark", Mark(ddl));
        check.Parameters.AddWithValue("triggers", parts.Triggers.ToArray());
        check.Parameters.AddWithValue("tables", parts.Tables.ToArray());
        check.Parameters.AddWithValue("expected", (long)parts.Triggers.Count * parts.Tables.Count);
        check.Parameters.AddWithValue("relations", parts.Relations.ToArray());
        return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The statement that marks <paramref name="function"/> as installed by <paramref name="ddl"/>; run in the installing transaction.</summary>
    public static string MarkStatement(string ddl, string function) => $"COMMENT ON FUNCTION {function}() IS '{Mark(ddl)}';";
}
