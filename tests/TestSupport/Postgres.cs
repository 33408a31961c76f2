using Npgsql;

namespace NamndFollowUp.TestSupport;

/// <summary>
/// The local PostgreSQL that scripts/infra-up.sh starts, for databases of a run's own.
/// NF_TEST_PG overrides the admin connection string (a role with CREATEDB).
/// </summary>
public static class Postgres
{
    public static string AdminConnectionString { get; } = System.Environment.GetEnvironmentVariable("NF_TEST_PG")
        ?? "Host=localhost;Port=5432;Database=postgres;Username=namnd;Password=namnd";

    /// <summary>
    /// The admin's server and role on another database. Pooled, as in production: unpooled, every call of a service
    /// opened a connection (TLS and SCRAM's PBKDF2 included, ~6 ms of CPU), which the benchmarks then measured.
    /// </summary>
    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    public static Task CreateDatabaseAsync(string database) =>
        ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{database}\"");

    /// <summary>Drops them if they exist, whoever is still connected (a killed service's sessions linger).</summary>
    public static async Task DropDatabasesAsync(params IEnumerable<string> databases)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        foreach (var database in databases)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                // FORCE cannot end a backend of another role: an autovacuum worker analysing a freshly loaded table (the
                // economy benchmark's 1.4 million rows) made the run fail after its measurements, before it wrote them.
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 60)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }
    }

    /// <summary>One statement on a connection of its own; ten minutes allowed, for national-scale data.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
