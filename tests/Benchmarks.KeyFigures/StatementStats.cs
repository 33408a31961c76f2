using System.Globalization;
using System.Text;
using Npgsql;

namespace NamndFollowUp.Benchmarks.KeyFigures;

/// <summary>
/// What the bulk phase asked of PostgreSQL, per event: the statements of the benchmark's two databases from
/// <c>pg_stat_statements</c> (calls and execution time, taken before and after and subtracted, since resetting them needs
/// a superuser) and the transactions committed (<c>pg_stat_database</c>). Unlike wall time and CPU seconds, statement
/// counts do not change with the machine's load, so runs on a busy machine can still be compared.
/// pg_stat_statements needs <c>shared_preload_libraries</c> and the extension in the admin connection's database
/// (docs/benchmarks-keyfigures.md says how to get a cluster of one's own with it); without it only the transactions are
/// reported. The services log in as the admin connection's role, so their statements are visible without any grant.
/// </summary>
public sealed class StatementStats(string adminConnectionString, IReadOnlyDictionary<string, string> databases)
{
    public sealed record Statement(string Database, long QueryId, string Query, long Calls, double TotalMs, long Rows);

    public sealed record Snapshot(Dictionary<(string, long), Statement> Statements, Dictionary<string, long> Commits, bool HasStatements);

    /// <summary>The counters now; null when they could not be read (the run's figures must not be lost for them).</summary>
    public async Task<Snapshot?> TryTakeAsync()
    {
        try
        {
            return await TakeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Console.WriteLine($"statement statistics not read: {e.Message}");
            return null;
        }
    }

    private async Task<Snapshot> TakeAsync()
    {
        // On a machine with a load average of 100, opening a connection once took longer than Npgsql's default 15 s.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Timeout = 120, CommandTimeout = 300 }.ConnectionString);
        await connection.OpenAsync();
        var names = databases.Values.ToArray();
        var commits = new Dictionary<string, long>();
        await using (var command = new NpgsqlCommand("SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = names });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                commits[Service(reader.GetString(0))] = reader.GetInt64(1);
            }
        }
        var statements = new Dictionary<(string, long), Statement>();
        bool has;
        await using (var check = new NpgsqlCommand("SELECT to_regclass('pg_stat_statements') IS NOT NULL", connection))
        {
            has = (bool)(await check.ExecuteScalarAsync())!;
        }
        if (has)
        {
            await using var command = new NpgsqlCommand("""
                SELECT d.datname, s.queryid, s.query, s.calls, s.total_exec_time, s.rows
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = ANY($1) AND s.queryid IS NOT NULL
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = names });
            try
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var service = Service(reader.GetString(0));
                    var id = reader.GetInt64(1);
                    // The same text may appear under several top-level/nested entries; add them up.
                    var statement = new Statement(service, id, reader.GetString(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt64(5));
                    statements[(service, id)] = statements.TryGetValue((service, id), out var seen)
                        ? seen with { Calls = seen.Calls + statement.Calls, TotalMs = seen.TotalMs + statement.TotalMs, Rows = seen.Rows + statement.Rows }
                        : statement;
                }
            }
            catch (PostgresException)
            {
                has = false; // the library is not loaded: the view exists but cannot be read
            }
        }
        return new Snapshot(statements, commits, has);
    }

    private string Service(string database) => databases.First(d => d.Value == database).Key;

    /// <summary>The difference as Markdown: transactions and statements per 1 000 events, the costliest statements first.</summary>
    public static string Describe(Snapshot? before, Snapshot? after, int events, int top = 15)
    {
        if (before is null || after is null)
        {
            return "- Statements and transactions: not read (see the output above).";
        }
        var text = new StringBuilder();
        double PerThousand(double value) => value * 1000.0 / events;
        var commits = after.Commits.Select(c => $"{c.Key} {PerThousand(c.Value - before.Commits.GetValueOrDefault(c.Key)):0.0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Transactions committed per 1 000 events (`pg_stat_database`): {string.Join(", ", commits)}.");
        if (!after.HasStatements)
        {
            text.AppendLine("- Statements: pg_stat_statements is not loaded in this cluster (see the top of this document).");
            return text.ToString();
        }
        var delta = after.Statements.Values
            .Select(s => before.Statements.TryGetValue((s.Database, s.QueryId), out var b)
                ? s with { Calls = s.Calls - b.Calls, TotalMs = s.TotalMs - b.TotalMs, Rows = s.Rows - b.Rows }
                : s)
            .Where(s => s.Calls > 0)
            .OrderByDescending(s => s.TotalMs)
            .ToList();
        foreach (var service in delta.GroupBy(s => s.Database).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {service.Key}: {PerThousand(service.Sum(s => s.Calls)):0.0} statements and {PerThousand(service.Sum(s => s.TotalMs)):0.0} ms of execution per 1 000 events ({service.Count()} distinct).");
        }
        text.AppendLine();
        text.AppendLine("| database | statement | calls per 1 000 events | ms per call | ms per 1 000 events | rows per call |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in delta.Take(top))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Database} | `{Short(s.Query)}` | {PerThousand(s.Calls):0.0} | {s.TotalMs / s.Calls:0.000} | {PerThousand(s.TotalMs):0.0} | {(double)s.Rows / s.Calls:0.0} |");
        }
        return text.ToString();
    }

    /// <summary>The statement on one line, cut short: enough to recognise it in the code.</summary>
    private static string Short(string query)
    {
        var line = string.Join(' ', query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)).Replace("|", "\\|").Replace("`", "'");
        return line.Length <= 110 ? line : line[..107] + "…";
    }
}
