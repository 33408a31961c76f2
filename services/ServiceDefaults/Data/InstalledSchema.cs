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
    /// True when <paramref name="function"/> carries the mark of <paramref name="ddl"/> and each of the <paramref name="triggers"/>
    /// exists on each of the <paramref name="tables"/>.
    /// </summary>
    public static async Task<bool> IsInstalledAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string ddl, string function,
        IReadOnlyCollection<string> triggers, IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand("""
            SELECT coalesce(obj_description(to_regproc(@function)::oid, 'pg_proc'), '') = @mark
               AND (SELECT count(*) FROM pg_trigger t
                    WHERE NOT t.tgisinternal AND t.tgname = ANY(@triggers)
                      AND t.tgrelid = ANY(ARRAY(SELECT to_regclass(quote_ident(x)) FROM unnest(@tables) x))) = @expected
            """, connection, transaction);
        check.Parameters.AddWithValue("function", function);
        check.Parameters.AddWithValue("mark", Mark(ddl));
        check.Parameters.AddWithValue("triggers", triggers.ToArray());
        check.Parameters.AddWithValue("tables", tables.ToArray());
        check.Parameters.AddWithValue("expected", (long)triggers.Count * tables.Count);
        return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The statement that marks <paramref name="function"/> as installed by <paramref name="ddl"/>; run in the installing transaction.</summary>
    public static string MarkStatement(string ddl, string function) => $"COMMENT ON FUNCTION {function}() IS '{Mark(ddl)}';";
}
