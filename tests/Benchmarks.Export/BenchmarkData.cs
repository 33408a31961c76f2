using NamndFollowUp.ServiceDefaults.Export;
using Npgsql;

namespace NamndFollowUp.Benchmarks.Export;

public sealed record ExportOptions(long Rows, int Runs, bool Grpc, string Output)
{
    public static ExportOptions Parse(string[] args)
    {
        long rows = 1_000_000;
        int runs = 1;
        var grpc = false;
        var output = Path.Combine(NamndFollowUp.Benchmarks.Gateway.SuiteProcesses.RepositoryRoot, "docs", "benchmarks-export.md");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rows": rows = long.Parse(args[i + 1].Replace("_", ""), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--grpc": grpc = bool.Parse(args[i + 1]); break;
                case "--output": output = Path.GetFullPath(args[i + 1]); break;
                default: throw new ArgumentException($"unknown option {args[i]}; options: --rows N --runs K --grpc true|false --output FILE");
            }
        }
        return new ExportOptions(rows, runs, grpc, output);
    }
}

/// <summary>
/// Benchmark data straight into the economy database with generate_series: a national-scale ledger's worth of
/// activity figure rows is not something to post through the API before every run. The change-log trigger is
/// switched off for the insert (a full pull does not read the log, and 10 M logged rows would double the load
/// time); the rows are otherwise as the service writes them (same table, same unique key, exact decimals).
/// </summary>
public static class BenchmarkData
{
    public static async Task GenerateAsync(string connectionString, string municipality, long rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // 10 000 activities per committee; every third row a unit row, some measures null, cents in every amount.
        await using (var insert = new NpgsqlCommand("""
            ALTER TABLE activity_figures DISABLE TRIGGER namnd_change_log_insert;
            INSERT INTO activity_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode",
                "Actual", "Budget", "Forecast", "Costs", "Income", "InterventionCost", "InterventionCostBudget", "InterventionCostForecast",
                "Version", "UpdatedAt")
            SELECT @m, 'N' || lpad((g / 10000)::text, 4, '0'), 2024, 14, lpad((g % 10000)::text, 4, '0'),
                   CASE WHEN g % 3 = 0 THEN 'E' || (g % 97)::text ELSE '' END,
                   -((g * 7919) % 1000000000)::numeric / 100, -((g * 104729) % 1000000000)::numeric / 100,
                   CASE WHEN g % 2 = 0 THEN -((g * 31) % 1000000000)::numeric / 100 END,
                   CASE WHEN g % 5 = 0 THEN ((g * 13) % 1000000000)::numeric / 100 END,
                   CASE WHEN g % 5 = 0 THEN ((g * 17) % 100000000)::numeric / 100 END,
                   NULL, NULL, NULL,
                   1 + g % 3, timestamptz '2025-01-15 08:00:00+00' + (g % 100000) * interval '1 second'
            FROM generate_series(0::bigint, @n - 1) AS g;
            ALTER TABLE activity_figures ENABLE TRIGGER namnd_change_log_insert;
            """, connection, transaction) { CommandTimeout = 0 })
        {
            insert.Parameters.AddWithValue("m", municipality);
            insert.Parameters.AddWithValue("n", rows);
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE activity_figures", connection) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The named columns with the types the database has (information_schema), in the given order.</summary>
    public static async Task<List<FactExport.StoreColumn>> StoreColumnsAsync(string connectionString, string table, IEnumerable<string> columns)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = @t", connection);
        query.Parameters.AddWithValue("t", table);
        var types = new Dictionary<string, string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                types[reader.GetString(0)] = reader.GetString(1);
            }
        }
        return columns.Select(c => new FactExport.StoreColumn(c, types[c])).ToList();
    }
}
