using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NamndFollowUp.Benchmarks.Economy;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using Npgsql;

// Sizes: the issue's (1,000,000 ledger rows; 290 municipalities × 10 committees × 40 activities × 12 months).
var ledgerRows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var municipalities = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 290;
const int Committees = 10, Activities = 40, Months = 12, Calls = 400;

var admin = Environment.GetEnvironmentVariable("NF_TEST_PG") ?? "Host=localhost;Port=5432;Database=postgres;Username=namnd;Password=namnd";
var database = $"nf_bench_economy_{Guid.NewGuid():N}"[..30];
await Exec(admin, $"CREATE DATABASE {database}");
var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
var report = new StringBuilder();
try
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Economy"] = connectionString });
    builder.AddServiceDatabase<EconomyDbContext>("Economy"); // the service's own registration: audit and outbox interceptors included
    using var host = builder.Build();
    await using (var scope = host.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<EconomyDbContext>().Database.MigrateAsync();
    }

    // ---- 1. Import of ledger rows: CSV and SIE against COPY of the same rows into an unindexed table ----
    var csv = LedgerCsv(ledgerRows);
    var sie = LedgerSie(ledgerRows);
    Console.WriteLine($"ledger: {ledgerRows:N0} rows, CSV {csv.Length / 1e6:0.0} MB, SIE {sie.Length / 1e6:0.0} MB");

    await Exec(connectionString, "CREATE TABLE ledger_copy (record text, period text, activity text, unit text, account int, amount numeric, kind text)");
    var copy = await Time(async () =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var writer = await connection.BeginTextImportAsync("COPY ledger_copy FROM STDIN (FORMAT csv, DELIMITER ';')");
        await writer.WriteAsync(Encoding.UTF8.GetString(csv));
    });
    Console.WriteLine($"COPY: {copy.TotalSeconds:0.00} s");

    // A running service has its EF model built and queries compiled: warm up with small imports first.
    await Import(host, "WARM1", LedgerCsv(5000), sie: false);
    await Import(host, "WARM2", LedgerSie(5000), sie: true);
    var (csvTime, csvResult, csvPeak) = await Import(host, "CSV1", csv, sie: false);
    var (csvAgainTime, csvAgain, _) = await Import(host, "CSV1", csv, sie: false);
    var (sieTime, sieResult, siePeak) = await Import(host, "SIE1", sie, sie: true);
    Console.WriteLine($"CSV: {csvTime.TotalSeconds:0.00} s ({csvResult.RowsChanged} rows changed), again {csvAgainTime.TotalSeconds:0.00} s ({csvAgain.RowsChanged}); SIE {sieTime.TotalSeconds:0.00} s");

    double Rate(TimeSpan t) => ledgerRows / t.TotalSeconds;
    report.AppendLine($"### Import of {ledgerRows:N0} ledger rows");
    report.AppendLine();
    report.AppendLine("| path | time | rows/s | share of COPY's rate | target | figure rows changed | peak working set |");
    report.AppendLine("|---|---|---|---|---|---|---|");
    report.AppendLine($"| PostgreSQL `COPY … FROM STDIN (FORMAT csv)` of the same CSV into an unindexed table | {copy.TotalSeconds:0.00} s | {Rate(copy):N0} | 1.00 | — | — | — |");
    report.AppendLine($"| CSV import (`ImportEconomyCsv`, `ledger` lines) | {csvTime.TotalSeconds:0.00} s | {Rate(csvTime):N0} | {Rate(csvTime) / Rate(copy):0.00} | ≥ 0.5 | {csvResult.RowsChanged:N0} | {csvPeak / 1e6:0} MB |");
    report.AppendLine($"| the same CSV again (idempotent) | {csvAgainTime.TotalSeconds:0.00} s | {Rate(csvAgainTime):N0} | {Rate(csvAgainTime) / Rate(copy):0.00} | — | {csvAgain.RowsChanged:N0} | — |");
    report.AppendLine($"| SIE 4 import (`ImportSie`, the same balances as #PSALDO, CP437) | {sieTime.TotalSeconds:0.00} s | {Rate(sieTime):N0} | {Rate(sieTime) / Rate(copy):0.00} | ≥ 0.3 | {sieResult.RowsChanged:N0} | {siePeak / 1e6:0} MB |");
    report.AppendLine();

    // ---- 2. Municipality-wide result at national scale ----
    var generate = await Time(() => Generate(connectionString, municipalities));
    Console.WriteLine($"generated {municipalities * Committees * Activities * Months:N0} figure rows in {generate.TotalSeconds:0.0} s");
    var random = new Random(42);
    var targets = Enumerable.Range(0, Calls).Select(_ => (Municipality: (1000 + random.Next(municipalities)).ToString(CultureInfo.InvariantCulture), Month: random.Next(1, Months + 1))).ToList();

    var serviceTimes = new List<double>();
    foreach (var (m, month) in targets.Take(20)) await CallService(host, m, month); // warm-up
    foreach (var (m, month) in targets)
    {
        var sw = Stopwatch.StartNew();
        await CallService(host, m, month);
        serviceTimes.Add(sw.Elapsed.TotalMilliseconds);
    }
    var sqlTimes = new List<double>();
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        foreach (var (m, month) in targets.Take(20)) await BareSql(connection, m, month);
        foreach (var (m, month) in targets)
        {
            var sw = Stopwatch.StartNew();
            await BareSql(connection, m, month);
            sqlTimes.Add(sw.Elapsed.TotalMilliseconds);
        }
    }
    double P(List<double> xs, double q) { var s = xs.Order().ToList(); return s[(int)Math.Min(s.Count - 1, Math.Ceiling(q * s.Count) - 1)]; }
    Console.WriteLine($"service p50 {P(serviceTimes, .5):0.00} ms p99 {P(serviceTimes, .99):0.00} ms; bare SQL p50 {P(sqlTimes, .5):0.00} ms p99 {P(sqlTimes, .99):0.00} ms");
    report.AppendLine($"### Municipality-wide result: {municipalities} municipalities × {Committees} committees × {Activities} activities × {Months} months ({municipalities * Committees * Activities * Months:N0} figure rows, generated)");
    report.AppendLine();
    report.AppendLine($"{Calls} calls for random municipalities and months after 20 warm-up calls, one at a time.");
    report.AppendLine();
    report.AppendLine("| path | p50 | p99 | max |");
    report.AppendLine("|---|---|---|---|");
    report.AppendLine($"| `ListMunicipalityResults` (the gRPC service class in-process, EF, scoped DbContext per call) | {P(serviceTimes, .5):0.00} ms | {P(serviceTimes, .99):0.00} ms | {serviceTimes.Max():0.00} ms |");
    report.AppendLine($"| bare SQL aggregate (one open Npgsql connection, `GROUP BY` on activity_figures) | {P(sqlTimes, .5):0.00} ms | {P(sqlTimes, .99):0.00} ms | {sqlTimes.Max():0.00} ms |");
    report.AppendLine();
    report.AppendLine($"p99 service / p99 bare SQL = {P(serviceTimes, .99) / P(sqlTimes, .99):0.00}, p50 {P(serviceTimes, .5) / P(sqlTimes, .5):0.00} (target ≤ 2); p99 {P(serviceTimes, .99):0.00} ms (target < 20 ms).");
    report.AppendLine();
    report.AppendLine($"Load average at the end of the run: {File.ReadAllText("/proc/loadavg").Trim()} (2 cores, shared with other engineers' builds and tests).");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Exec(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
}

var machine = $"- `nproc`: {Shell("nproc").Trim()}\n- CPU: {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()}\n- `free -h`:\n\n```\n{Shell("free -h").TrimEnd()}\n```\n- PostgreSQL: {await Scalar(admin, "SHOW server_version")}, local; .NET {Environment.Version}\n";
var path = Path.Combine(FindRoot(), "docs", "benchmarks-economy.md");
var header = File.Exists(path) ? File.ReadAllText(path).Split("<!-- results -->")[0] : "# Economy benchmarks\n\n";
File.WriteAllText(path, header + "<!-- results -->\n" + $"## Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n" + machine + "\n" + report);
Console.WriteLine(report);
return;

static async Task<(TimeSpan, ImportResult, long)> Import(IHost host, string committee, byte[] content, bool sie)
{
    GC.Collect();
    var before = Process.GetCurrentProcess().WorkingSet64;
    ImportResult result = null!;
    long peak = 0;
    using var sampler = new Timer(_ => peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64 - before), null, 0, 50);
    var time = await Time(async () =>
    {
        await using var scope = host.Services.CreateAsyncScope();
        var service = new EconomyGrpcService(scope.ServiceProvider.GetRequiredService<EconomyDbContext>(), TimeProvider.System);
        var request = new ImportFileRequest { MunicipalityCode = "0380", CommitteeCode = committee, Content = ByteString.CopyFrom(content) };
        result = sie ? await service.ImportSie(request, new FakeCallContext()) : await service.ImportEconomyCsv(request, new FakeCallContext());
    });
    return (time, result, peak);
}

static async Task CallService(IHost host, string municipality, int month)
{
    await using var scope = host.Services.CreateAsyncScope();
    var service = new EconomyGrpcService(scope.ServiceProvider.GetRequiredService<EconomyDbContext>(), TimeProvider.System);
    var result = await service.ListMunicipalityResults(new ListMunicipalityResultsRequest
    {
        MunicipalityCode = municipality, Period = new Period { Year = 2024, Point = (PeriodPoint)month },
    }, new FakeCallContext());
    if (result.Committees.Count != Committees) throw new InvalidOperationException($"{municipality}: {result.Committees.Count} committees");
}

static async Task BareSql(NpgsqlConnection connection, string municipality, int month)
{
    await using var command = new NpgsqlCommand("""
        SELECT f."CommitteeCode", -SUM(COALESCE(f."Actual", 0)) FROM activity_figures f
        WHERE f."MunicipalityCode" = $1 AND f."Year" = 2024 AND f."PeriodPoint" = $2 AND f."UnitCode" = ''
        GROUP BY f."CommitteeCode"
        """, connection);
    command.Parameters.AddWithValue(municipality);
    command.Parameters.AddWithValue(month);
    await using var reader = await command.ExecuteReaderAsync();
    var rows = 0;
    while (await reader.ReadAsync()) rows++;
    if (rows != Committees) throw new InvalidOperationException($"{municipality}: {rows} committees");
}

static async Task Generate(string connectionString, int municipalities)
{
    await Exec(connectionString, $"""
        INSERT INTO activity_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode", "Actual", "Budget", "Version", "UpdatedAt")
        SELECT (1000 + m)::text, 'N' || c, 2024, p, (5000 + a)::text, '', -(1000000 + m * 7 + c * 13 + a * 17 + p)::numeric / 100, -1000000, 1, now()
        FROM generate_series(0, {municipalities - 1}) m, generate_series(1, {Committees}) c, generate_series(1, {Activities}) a, generate_series(1, {Months}) p
        """);
    await Exec(connectionString, $"""
        INSERT INTO allocations ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "AreaName", "Amount", "ActivityCodes", "SortOrder", "UpdatedAt")
        SELECT (1000 + m)::text, 'N' || c, 2024, p, 'Alla', 400000, ARRAY(SELECT (5000 + a)::text FROM generate_series(1, {Activities}) a), 1, now()
        FROM generate_series(0, {municipalities - 1}) m, generate_series(1, {Committees}) c, generate_series(1, {Months}) p
        """);
    await Exec(connectionString, "ANALYZE");
}

// 40 activities × 10 units × 12 months × accounts: every ledger row a balance of one account and object pair.
static IEnumerable<(int Month, string Activity, string Unit, int Account, decimal Amount)> Ledger(int rows)
{
    for (var i = 0; i < rows; i++)
    {
        var activity = (5000 + i % 40).ToString(CultureInfo.InvariantCulture);
        var unit = $"U{(i / 40) % 10:00}";
        var month = (i / 400) % 12 + 1;
        var k = (i / 4800) % 210;
        var account = k < 10 ? 3000 + k : 4000 + k;
        var amount = account < 4000 ? -(i % 997 + 0.25m) : i % 9973 + 0.5m;
        yield return (month, activity, unit, account, amount);
    }
}

static byte[] LedgerCsv(int rows)
{
    var text = new StringBuilder(rows * 48);
    foreach (var (month, activity, unit, account, amount) in Ledger(rows))
    {
        text.Append("ledger;2024-").Append(month.ToString("00", CultureInfo.InvariantCulture)).Append(';').Append(activity).Append(';').Append(unit)
            .Append(';').Append(account).Append(';').Append(amount.ToString(CultureInfo.InvariantCulture)).Append(";actual\n");
    }
    return Encoding.UTF8.GetBytes(text.ToString());
}

static byte[] LedgerSie(int rows)
{
    Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    var text = new StringBuilder(rows * 56);
    text.Append("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Benchmark\" 1\n#RAR 0 20240101 20241231\n#DIM 20 \"Verksamhet\"\n#DIM 1 \"Kostnadsställe\"\n");
    for (var a = 0; a < 40; a++) text.Append("#OBJEKT 20 \"").Append(5000 + a).Append("\" \"Verksamhet ").Append(a).Append("\"\n");
    for (var u = 0; u < 10; u++) text.Append("#OBJEKT 1 \"U").Append(u.ToString("00", CultureInfo.InvariantCulture)).Append("\" \"Enhet ").Append(u).Append("\"\n");
    foreach (var (month, activity, unit, account, amount) in Ledger(rows))
    {
        text.Append("#PSALDO 0 2024").Append(month.ToString("00", CultureInfo.InvariantCulture)).Append(' ').Append(account).Append(" {20 \"").Append(activity)
            .Append("\" 1 \"").Append(unit).Append("\"} ").Append(amount.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
    return Encoding.GetEncoding(437).GetBytes(text.ToString());
}

static async Task<TimeSpan> Time(Func<Task> action)
{
    var sw = Stopwatch.StartNew();
    await action();
    return sw.Elapsed;
}

static async Task Exec(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
    await command.ExecuteNonQueryAsync();
}

static async Task<string> Scalar(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (await command.ExecuteScalarAsync())?.ToString() ?? "";
}

static string Shell(string command)
{
    using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return output;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "NamndFollowUp.sln"))) return dir.FullName;
    }
    throw new InvalidOperationException("NamndFollowUp.sln not found");
}
