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
using NamndFollowUp.TestSupport;
using Npgsql;

// The managed heap's peak should show what an import keeps, not garbage the GC has not yet needed to collect:
// with the default gen0 budget (tens of MB here) no collection runs during an import at all, and the 64 KiB
// chunk messages (as many bytes as the file) would count as "memory". So the benchmark runs itself with a
// 16 MiB gen0 budget; the setting is printed with the results.
const string Gen0Size = "DOTNET_GCgen0size";
if (Environment.GetEnvironmentVariable(Gen0Size) is null)
{
    var self = new ProcessStartInfo(Environment.ProcessPath!, args) { Environment = { [Gen0Size] = "0x1000000" } };
    using var child = Process.Start(self)!;
    await child.WaitForExitAsync();
    return child.ExitCode;
}

// Sizes: the issue's (1,000,000 ledger rows; 290 municipalities × 10 committees × 40 activities × 12 months).
var ledgerRows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var municipalities = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 290;
// The issue's item 5: an SIE file of vouchers with this many #TRANS rows (and a tenth of it) against COPY of the same rows.
var transRows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
const int Committees = 10, Activities = 40, Months = 12, Calls = 400;

var database = $"nf_bench_economy_{Guid.NewGuid():N}"[..30];
await Postgres.CreateDatabaseAsync(database);
var connectionString = Postgres.ConnectionString(database);
var report = new StringBuilder();
var transReport = new StringBuilder();
try
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Economy"] = connectionString });
    builder.AddServiceDatabase<EconomyDbContext>("Economy"); // the service's own registration: audit and outbox interceptors included
    using var host = builder.Build();
    await using (var scope = host.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<EconomyDbContext>();
        await db.Database.MigrateAsync();
        // Economy refuses an activity code its municipality has not registered: the office registers the files' 40.
        var codes = new RecordActivityCodesRequest { MunicipalityCode = "0380" };
        codes.Codes.Add(Enumerable.Range(5000, 40).Select(c => new ActivityCode { Code = c.ToString(CultureInfo.InvariantCulture), Name = $"Verksamhet {c}" }));
        await new EconomyGrpcService(db, TimeProvider.System, NoPrinter(), ImportLog(host)).RecordActivityCodes(codes, new FakeCallContext());
    }

    var loadBefore = File.ReadAllText("/proc/loadavg").Trim();

    // ---- 1. Import of ledger rows, through the streaming path, against COPY of the same rows into an unindexed table ----
    if (ledgerRows > 0)
    {
        // The files are written to disk and read from there in 64 KiB chunks, so neither side holds a whole file
        // and the process's memory shows what the import itself needs.
        var directory = Directory.CreateTempSubdirectory("nf-bench-economy-");
        try
        {
            // A running service has its EF model built and its hot loops at tier-1 JIT: warm up with imports of
            // 50,000 rows and give the background JIT (slow on a loaded machine) a moment between them.
            var warmCsv = WriteCsv(directory, 50_000);
            var warmSie = WriteSie(directory, 50_000);
            for (var i = 0; i < 3; i++)
            {
                await Import(host, $"WARM{i}", warmCsv, ImportFileFormat.Csv);
                await Import(host, $"WARM{i}", warmSie, ImportFileFormat.Sie);
                await Task.Delay(500);
            }

            var sizes = new[] { ledgerRows / 10, ledgerRows };
            var results = new List<(int Rows, double CsvMb, double SieMb, TimeSpan Copy, Measured Csv, Measured CsvAgain, Measured Sie)>();
            foreach (var rows in sizes)
            {
                var csvFile = WriteCsv(directory, rows);
                var sieFile = WriteSie(directory, rows);
                await Postgres.ExecuteAsync(connectionString, $"CREATE TABLE ledger_copy_{rows} (record text, period text, activity text, unit text, account int, amount numeric, kind text)");
                var copy = await Time(async () =>
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    await using var writer = await connection.BeginTextImportAsync($"COPY ledger_copy_{rows} FROM STDIN (FORMAT csv, DELIMITER ';')");
                    using var reader = new StreamReader(csvFile, Encoding.UTF8);
                    var buffer = new char[64 * 1024];
                    int read;
                    while ((read = await reader.ReadAsync(buffer)) > 0)
                    {
                        await writer.WriteAsync(buffer, 0, read);
                    }
                });
                var csv = await Import(host, $"CSV{rows}", csvFile, ImportFileFormat.Csv);
                var csvAgain = await Import(host, $"CSV{rows}", csvFile, ImportFileFormat.Csv);
                var sie = await Import(host, $"SIE{rows}", sieFile, ImportFileFormat.Sie);
                Console.WriteLine($"{rows:N0} rows: COPY {copy.TotalSeconds:0.00} s; CSV {csv.Time.TotalSeconds:0.00} s ({csv.Result.RowsChanged} rows changed, peak {csv.PeakWorkingSet / 1e6:0} MB), again {csvAgain.Time.TotalSeconds:0.00} s ({csvAgain.Result.RowsChanged}); SIE {sie.Time.TotalSeconds:0.00} s (peak {sie.PeakWorkingSet / 1e6:0} MB)");
                results.Add((rows, new FileInfo(csvFile).Length / 1e6, new FileInfo(sieFile).Length / 1e6, copy, csv, csvAgain, sie));
                File.Delete(csvFile);
                File.Delete(sieFile);
            }

            report.AppendLine($"### Import of ledger rows: {string.Join(" and ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} rows");
            report.AppendLine();
            report.AppendLine("Each import goes through `ImportEconomyFileStream` (the gRPC client-streaming method, called in-process) with the file read from disk in 64 KiB chunks. "
                + "Memory, sampled every 10 ms during the import: the process's peak working set, its growth over the level just before the import (after a full GC), and the largest managed heap (`GC.GetTotalMemory(false)`: garbage not yet collected included); allocated = `GC.GetTotalAllocatedBytes` during the import (every 64 KiB chunk is a new message, as over gRPC).");
            report.AppendLine();
            report.AppendLine("| rows | path | file | time | rows/s | share of COPY's rate | target | figure rows changed | peak working set | its growth | peak managed heap | allocated |");
            report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                double Rate(TimeSpan t) => r.Rows / t.TotalSeconds;
                string Row(string path, double mb, TimeSpan t, string target, Measured? m) =>
                    $"| {r.Rows:N0} | {path} | {mb:0.0} MB | {t.TotalSeconds:0.00} s | {Rate(t):N0} | {Rate(t) / Rate(r.Copy):0.00} | {target} | "
                    + (m is null ? "— | — | — | — | — |" : $"{m.Result.RowsChanged:N0} | {m.PeakWorkingSet / 1e6:0} MB | {m.WorkingSetGrowth / 1e6:0} MB | {m.PeakHeap / 1e6:0} MB | {m.Allocated / 1e6:N0} MB |");
                report.AppendLine(Row("PostgreSQL `COPY … FROM STDIN (FORMAT csv)` of the CSV into an unindexed table", r.CsvMb, r.Copy, "—", null));
                report.AppendLine(Row("CSV import (`ledger` lines)", r.CsvMb, r.Csv.Time, "≥ 0.5", r.Csv));
                report.AppendLine(Row("the same CSV again (idempotent)", r.CsvMb, r.CsvAgain.Time, "—", r.CsvAgain));
                report.AppendLine(Row("SIE 4 import (the same balances as #PSALDO, CP437)", r.SieMb, r.Sie.Time, "≥ 0.3", r.Sie));
            }
            report.AppendLine();
            var (small, large) = (results[0], results[^1]);
            report.AppendLine($"Memory, {large.Rows:N0} rows against {small.Rows:N0} ({large.Rows / small.Rows}× the file): peak working set CSV {large.Csv.PeakWorkingSet / 1e6:0} MB vs {small.Csv.PeakWorkingSet / 1e6:0} MB "
                + $"(growth {large.Csv.WorkingSetGrowth / 1e6:0} vs {small.Csv.WorkingSetGrowth / 1e6:0} MB), SIE {large.Sie.PeakWorkingSet / 1e6:0} MB vs {small.Sie.PeakWorkingSet / 1e6:0} MB "
                + $"(growth {large.Sie.WorkingSetGrowth / 1e6:0} vs {small.Sie.WorkingSetGrowth / 1e6:0} MB); peak managed heap CSV {large.Csv.PeakHeap / 1e6:0} vs {small.Csv.PeakHeap / 1e6:0} MB, SIE {large.Sie.PeakHeap / 1e6:0} vs {small.Sie.PeakHeap / 1e6:0} MB.");
            report.AppendLine();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // ---- 3. SIE vouchers (#VER/#TRANS) through the streaming path, against COPY of the same transaction rows ----
    if (transRows > 0)
    {
        var directory = Directory.CreateTempSubdirectory("nf-bench-economy-trans-");
        try
        {
            var warm = WriteTransactions(directory, 50_000);
            for (var i = 0; i < 3; i++)
            {
                await Import(host, $"WARMT{i}", warm.Sie, ImportFileFormat.Sie);
                await Task.Delay(500);
            }
            var sizes = new[] { transRows / 10, transRows };
            var results = new List<(int Rows, double SieMb, double CsvMb, TimeSpan Copy, Measured Sie, Measured SieAgain, TimeSpan Parse)>();
            foreach (var rows in sizes)
            {
                var files = WriteTransactions(directory, rows);
                await Postgres.ExecuteAsync(connectionString, $"CREATE TABLE trans_copy_{rows} (series text, number int, date date, account int, activity text, unit text, amount numeric)");
                var copy = await Time(async () =>
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    await using var writer = await connection.BeginTextImportAsync($"COPY trans_copy_{rows} FROM STDIN (FORMAT csv, DELIMITER ';')");
                    using var reader = new StreamReader(files.Csv, Encoding.UTF8);
                    var buffer = new char[64 * 1024];
                    int read;
                    while ((read = await reader.ReadAsync(buffer)) > 0)
                    {
                        await writer.WriteAsync(buffer, 0, read);
                    }
                });
                var copied = await Scalar(connectionString, $"SELECT count(*) FROM trans_copy_{rows}");
                if (copied != rows.ToString(CultureInfo.InvariantCulture)) throw new InvalidOperationException($"COPY wrote {copied} rows, not {rows}");
                var sie = await Import(host, $"TRANS{rows}", files.Sie, ImportFileFormat.Sie);
                var mapped = sie.Result.Mapped.Where(c => c.Kind == "#TRANS").Sum(c => c.Count) + sie.Result.Ignored.Where(c => c.Kind == "#TRANS").Sum(c => c.Count);
                if (mapped != rows) throw new InvalidOperationException($"the import accounted for {mapped} #TRANS rows, not {rows}");
                var sieAgain = await Import(host, $"TRANS{rows}", files.Sie, ImportFileFormat.Sie);
                // Where the time goes: the same file only read into figure rows (no database), as the import reads it.
                var parse = await Time(async () =>
                {
                    await using var content = File.OpenRead(files.Sie);
                    var batch = await NamndFollowUp.Economy.Import.Sie.SieImport.ParseAsync(content,
                        new NamndFollowUp.Economy.Domain.LedgerMapping { ActivityDimension = 20, UnitDimension = 1 }, CancellationToken.None);
                    if (batch.Figures.Count != sie.Result.RowsChanged) throw new InvalidOperationException($"read {batch.Figures.Count} figure rows, the import changed {sie.Result.RowsChanged}");
                });
                Console.WriteLine($"{rows:N0} #TRANS: COPY {copy.TotalSeconds:0.00} s; SIE {sie.Time.TotalSeconds:0.00} s ({sie.Result.RowsChanged} rows changed, peak {sie.PeakWorkingSet / 1e6:0} MB), again {sieAgain.Time.TotalSeconds:0.00} s");
                results.Add((rows, new FileInfo(files.Sie).Length / 1e6, new FileInfo(files.Csv).Length / 1e6, copy, sie, sieAgain, parse));
                File.Delete(files.Sie);
                File.Delete(files.Csv);
            }

            transReport.AppendLine($"### SIE vouchers: {string.Join(" and ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} `#TRANS` rows");
            transReport.AppendLine();
            transReport.AppendLine("Vouchers of 10 `#TRANS` rows each (9 on cost and income accounts with activity and unit objects, one balancing row on 1930), "
                + "spread over the 12 months of 2024, in an SIE 4 file (CP437). The import goes through `ImportEconomyFileStream` as above (64 KiB chunks from disk; "
                + "the vouchers summed per month, account and object while the file streams, then the set-based merge). The baseline: `COPY … FROM STDIN (FORMAT csv)` "
                + "of the same rows (series, number, date, account, activity, unit, amount) into an unindexed table. Memory sampled as above.");
            transReport.AppendLine();
            transReport.AppendLine("| #TRANS rows | path | file | time | rows/s | share of COPY's rate | target | figure rows changed | peak working set | its growth | peak managed heap | allocated |");
            transReport.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                double Rate(TimeSpan t) => r.Rows / t.TotalSeconds;
                string Row(string path, double mb, TimeSpan t, string target, Measured? m) =>
                    $"| {r.Rows:N0} | {path} | {mb:0.0} MB | {t.TotalSeconds:0.00} s | {Rate(t):N0} | {Rate(t) / Rate(r.Copy):0.00} | {target} | "
                    + (m is null ? "— | — | — | — | — |" : $"{m.Result.RowsChanged:N0} | {m.PeakWorkingSet / 1e6:0} MB | {m.WorkingSetGrowth / 1e6:0} MB | {m.PeakHeap / 1e6:0} MB | {m.Allocated / 1e6:N0} MB |");
                transReport.AppendLine(Row("PostgreSQL `COPY … FROM STDIN (FORMAT csv)` of the same rows into an unindexed table", r.CsvMb, r.Copy, "—", null));
                transReport.AppendLine(Row("SIE 4 import of the vouchers (`#VER`/`#TRANS`)", r.SieMb, r.Sie.Time, r.Rows == transRows ? "≥ 1.0" : "≥ 0.5", r.Sie));
                transReport.AppendLine(Row("the same SIE file again (idempotent)", r.SieMb, r.SieAgain.Time, "—", r.SieAgain));
                transReport.AppendLine(Row("of which: the file only read into figure rows (`SieImport.ParseAsync`, no database)", r.SieMb, r.Parse, "—", null));
            }
            transReport.AppendLine();
            var (small, large) = (results[0], results[^1]);
            transReport.AppendLine($"Memory, {large.Rows:N0} rows against {small.Rows:N0} ({large.Rows / small.Rows}× the file): peak working set {large.Sie.PeakWorkingSet / 1e6:0} MB vs {small.Sie.PeakWorkingSet / 1e6:0} MB "
                + $"(growth {large.Sie.WorkingSetGrowth / 1e6:0} vs {small.Sie.WorkingSetGrowth / 1e6:0} MB); peak managed heap {large.Sie.PeakHeap / 1e6:0} vs {small.Sie.PeakHeap / 1e6:0} MB.");
            transReport.AppendLine();
            transReport.AppendLine($"Load average (`/proc/loadavg`) before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}.");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // ---- 2. Municipality-wide result at national scale ----
    if (municipalities > 0)
    {
        var generate = await Time(() => Generate(connectionString, municipalities));
        Console.WriteLine($"generated {municipalities * Committees * Activities * Months:N0} figure rows in {generate.TotalSeconds:0.0} s");
        var random = new Random(42);
        var targets = Enumerable.Range(0, Calls).Select(_ => (Municipality: (1000 + random.Next(municipalities)).ToString(CultureInfo.InvariantCulture), Month: random.Next(1, Months + 1))).ToList();

        // Alternating rounds of the two sides, so a burst of load from other processes hits both alike.
        var serviceTimes = new List<double>();
        var sqlTimes = new List<double>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var bare = new NpgsqlCommand(EconomyGrpcService.MunicipalityResultsSql, connection)
            {
                Parameters = { new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }, new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer }, new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer } },
            };
            await bare.PrepareAsync();
            foreach (var (m, month) in targets.Take(20))
            {
                await CallService(host, m, month);
                await BareSql(bare, m, month);
            }
            for (var round = 0; round < Calls; round += 50)
            {
                foreach (var (m, month) in targets.Skip(round).Take(50))
                {
                    var sw = Stopwatch.StartNew();
                    await CallService(host, m, month);
                    serviceTimes.Add(sw.Elapsed.TotalMilliseconds);
                }
                foreach (var (m, month) in targets.Skip(round).Take(50))
                {
                    var sw = Stopwatch.StartNew();
                    await BareSql(bare, m, month);
                    sqlTimes.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
        }
        double P(List<double> xs, double q) { var s = xs.Order().ToList(); return s[(int)Math.Min(s.Count - 1, Math.Ceiling(q * s.Count) - 1)]; }
        Console.WriteLine($"service p50 {P(serviceTimes, .5):0.00} ms p99 {P(serviceTimes, .99):0.00} ms; bare SQL p50 {P(sqlTimes, .5):0.00} ms p99 {P(sqlTimes, .99):0.00} ms");
        report.AppendLine($"### Municipality-wide result: {municipalities} municipalities × {Committees} committees × {Activities} activities × {Months} months ({municipalities * Committees * Activities * Months:N0} figure rows, an allocation and a KS adjustment per committee and month, generated)");
        report.AppendLine();
        report.AppendLine($"{Calls} calls for random municipalities and months after 20 warm-up calls, one at a time, the two sides alternating in rounds of 50. "
            + "Both run the same statement (`EconomyGrpcService.MunicipalityResultsSql`: allocations, adjustments and committee-level figure rows of the municipality and period, one `GROUP BY` committee), prepared.");
        report.AppendLine();
        report.AppendLine("| path | p50 | p99 | max |");
        report.AppendLine("|---|---|---|---|");
        report.AppendLine($"| `ListMunicipalityResults`: the gRPC service class in-process, a scoped DbContext per call, the statement on its pooled connection, mapped to the response | {P(serviceTimes, .5):0.00} ms | {P(serviceTimes, .99):0.00} ms | {serviceTimes.Max():0.00} ms |");
        report.AppendLine($"| bare SQL: the same statement on one open Npgsql connection, rows read | {P(sqlTimes, .5):0.00} ms | {P(sqlTimes, .99):0.00} ms | {sqlTimes.Max():0.00} ms |");
        report.AppendLine();
        report.AppendLine($"Service / bare SQL: p50 {P(serviceTimes, .5) / P(sqlTimes, .5):0.00}, p99 {P(serviceTimes, .99) / P(sqlTimes, .99):0.00} (target ≤ 2); service p99 {P(serviceTimes, .99):0.00} ms (target < 20 ms).");
        report.AppendLine();
    }
    report.AppendLine($"Load average (`/proc/loadavg`) before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()} (2 cores, shared with other engineers' builds and tests).");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Postgres.DropDatabasesAsync(database);
}

var machine = $"- `nproc`: {Machine.Shell("nproc")}\n- CPU: {Machine.CpuModel()}\n- `free -h`:\n\n```\n{Machine.Shell("free", "-h")}\n```\n- PostgreSQL: {await Scalar(Postgres.AdminConnectionString, "SHOW server_version")}, local; .NET {Environment.Version}; workstation GC, gen0 budget {Environment.GetEnvironmentVariable(Gen0Size)} (`{Gen0Size}`, set by the benchmark)\n";
var path = Path.Combine(Repository.Root, "docs", "benchmarks-economy.md");
// Two results sections, each rewritten only by a run of its parts: ledger rows and municipality-wide results
// ("<!-- results -->"), SIE vouchers ("<!-- results: vouchers -->"); a run of one keeps the other's last run.
const string TransMarker = "<!-- results: vouchers -->";
var existing = File.Exists(path) ? File.ReadAllText(path) : "# Economy benchmarks\n\n<!-- results -->\n";
var (header, rest) = (existing.Split("<!-- results -->")[0], existing.Split("<!-- results -->").ElementAtOrDefault(1) ?? "");
var (mainBlock, transBlock) = (rest.Split(TransMarker)[0], rest.Split(TransMarker).ElementAtOrDefault(1) ?? "");
var run = $"## Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC (`{string.Join(' ', args.DefaultIfEmpty("1000000 290 1000000"))}`)\n\n" + machine + "\n";
if (ledgerRows > 0 || municipalities > 0)
{
    mainBlock = run + report;
}
if (transRows > 0)
{
    transBlock = "\n" + run + transReport;
}
File.WriteAllText(path, header + "<!-- results -->\n" + mainBlock.TrimEnd() + "\n\n" + TransMarker + "\n" + transBlock.TrimStart('\n'));
Console.WriteLine(run + report + transReport);
return 0;

static async Task<Measured> Import(IHost host, string committee, string file, ImportFileFormat format)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    var workingSetBefore = Environment.WorkingSet;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    long peakWorkingSet = 0, peakHeap = 0;
    using var sampler = new Timer(_ =>
    {
        peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
    }, null, 0, 10);
    if (format == ImportFileFormat.Sie)
    {
        // The benchmark's SIE files keep activities in dimension 20 and units in dimension 1 (as WriteSie writes them); set before the clock starts.
        await using var mappingScope = host.Services.CreateAsyncScope();
        await new EconomyGrpcService(mappingScope.ServiceProvider.GetRequiredService<EconomyDbContext>(), TimeProvider.System, NoPrinter(), ImportLog(host)).SetMunicipalityLedgerMapping(
            new SetLedgerMappingRequest { MunicipalityCode = "0380", Mapping = new LedgerMapping { ActivityDimension = 20, UnitDimension = 1 } }, new FakeCallContext());
    }
    ImportResult result = null!;
    var time = await Time(async () =>
    {
        await using var scope = host.Services.CreateAsyncScope();
        var service = new EconomyGrpcService(scope.ServiceProvider.GetRequiredService<EconomyDbContext>(), TimeProvider.System, NoPrinter(), ImportLog(host));
        await using var content = File.OpenRead(file);
        result = await service.ImportEconomyFileStream(new FileChunks(content, "0380", committee, format), new FakeCallContext());
    });
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    return new Measured(time, result, peakWorkingSet, Math.Max(0, peakWorkingSet - workingSetBefore), peakHeap, allocated);
}

static async Task CallService(IHost host, string municipality, int month)
{
    await using var scope = host.Services.CreateAsyncScope();
    var service = new EconomyGrpcService(scope.ServiceProvider.GetRequiredService<EconomyDbContext>(), TimeProvider.System, NoPrinter(), ImportLog(host));
    var result = await service.ListMunicipalityResults(new ListMunicipalityResultsRequest
    {
        MunicipalityCode = municipality, Period = new Period { Year = 2024, Point = (PeriodPoint)month },
    }, new FakeCallContext());
    if (result.Committees.Count != Committees) throw new InvalidOperationException($"{municipality}: {result.Committees.Count} committees");
}

static async Task BareSql(NpgsqlCommand command, string municipality, int month)
{
    command.Parameters[0].Value = municipality;
    command.Parameters[1].Value = 2024;
    command.Parameters[2].Value = month;
    await using var reader = await command.ExecuteReaderAsync();
    var rows = 0;
    while (await reader.ReadAsync())
    {
        _ = (reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2));
        rows++;
    }
    if (rows != Committees) throw new InvalidOperationException($"{municipality}: {rows} committees");
}

static async Task Generate(string connectionString, int municipalities)
{
    await Postgres.ExecuteAsync(connectionString, $"""
        INSERT INTO activity_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode", "Actual", "Budget", "Version", "UpdatedAt")
        SELECT (1000 + m)::text, 'N' || c, 2024, p, (5000 + a)::text, '', -(1000000 + m * 7 + c * 13 + a * 17 + p)::numeric / 100, -1000000, 1, now()
        FROM generate_series(0, {municipalities - 1}) m, generate_series(1, {Committees}) c, generate_series(1, {Activities}) a, generate_series(1, {Months}) p
        """);
    await Postgres.ExecuteAsync(connectionString, $"""
        INSERT INTO allocations ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "AreaName", "Amount", "ActivityCodes", "SortOrder", "UpdatedAt")
        SELECT (1000 + m)::text, 'N' || c, 2024, p, 'Alla', 400000, ARRAY(SELECT (5000 + a)::text FROM generate_series(1, {Activities}) a), 1, now()
        FROM generate_series(0, {municipalities - 1}) m, generate_series(1, {Committees}) c, generate_series(1, {Months}) p
        """);
    await Postgres.ExecuteAsync(connectionString, $"""
        INSERT INTO budget_adjustments ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "AreaName", "Reference", "Amount", "DecidedBy", "Reason")
        SELECT (1000 + m)::text, 'N' || c, 2024, p, 'Alla', 'KS-' || p, 1000.50, 'KS', 'Generated'
        FROM generate_series(0, {municipalities - 1}) m, generate_series(1, {Committees}) c, generate_series(1, {Months}) p
        """);
    await Postgres.ExecuteAsync(connectionString, "ANALYZE");
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

static string WriteCsv(DirectoryInfo directory, int rows)
{
    var path = Path.Combine(directory.FullName, $"ledger-{rows}.csv");
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    foreach (var (month, activity, unit, account, amount) in Ledger(rows))
    {
        writer.Write("ledger;2024-");
        writer.Write(month.ToString("00", CultureInfo.InvariantCulture));
        writer.Write(';'); writer.Write(activity); writer.Write(';'); writer.Write(unit); writer.Write(';');
        writer.Write(account.ToString(CultureInfo.InvariantCulture)); writer.Write(';');
        writer.Write(amount.ToString(CultureInfo.InvariantCulture)); writer.Write(";actual\n");
    }
    return path;
}

static string WriteSie(DirectoryInfo directory, int rows)
{
    var path = Path.Combine(directory.FullName, $"ledger-{rows}.se");
    using var writer = new StreamWriter(path, false, CodePagesEncodingProvider.Instance.GetEncoding(437)!, 1 << 16);
    writer.Write("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Benchmark\" 1\n#RAR 0 20240101 20241231\n#DIM 20 \"Verksamhet\"\n#DIM 1 \"Kostnadsställe\"\n");
    for (var a = 0; a < 40; a++) writer.Write($"#OBJEKT 20 \"{5000 + a}\" \"Verksamhet {a}\"\n");
    for (var u = 0; u < 10; u++) writer.Write($"#OBJEKT 1 \"U{u:00}\" \"Enhet {u}\"\n");
    foreach (var (month, activity, unit, account, amount) in Ledger(rows))
    {
        writer.Write("#PSALDO 0 2024");
        writer.Write(month.ToString("00", CultureInfo.InvariantCulture));
        writer.Write(' '); writer.Write(account.ToString(CultureInfo.InvariantCulture)); writer.Write(" {20 \""); writer.Write(activity);
        writer.Write("\" 1 \""); writer.Write(unit); writer.Write("\"} "); writer.Write(amount.ToString(CultureInfo.InvariantCulture)); writer.Write('\n');
    }
    return path;
}

// Vouchers of 10 #TRANS rows (9 of the ledger pattern above, one balancing row on 1930), in date order over 2024;
// the same rows as CSV for COPY.
static (string Sie, string Csv) WriteTransactions(DirectoryInfo directory, int rows)
{
    var siePath = Path.Combine(directory.FullName, $"vouchers-{rows}.se");
    var csvPath = Path.Combine(directory.FullName, $"vouchers-{rows}.csv");
    using var sie = new StreamWriter(siePath, false, CodePagesEncodingProvider.Instance.GetEncoding(437)!, 1 << 16);
    using var csv = new StreamWriter(csvPath, false, new UTF8Encoding(false), 1 << 16);
    sie.Write("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Benchmark\" 1\n#RAR 0 20240101 20241231\n#DIM 20 \"Verksamhet\"\n#DIM 1 \"Kostnadsställe\"\n");
    for (var a = 0; a < 40; a++) sie.Write($"#OBJEKT 20 \"{5000 + a}\" \"Verksamhet {a}\"\n");
    for (var u = 0; u < 10; u++) sie.Write($"#OBJEKT 1 \"U{u:00}\" \"Enhet {u}\"\n");
    var vouchers = rows / 10;
    using var ledger = Ledger(rows).GetEnumerator();
    for (var v = 0; v < vouchers; v++)
    {
        var month = (int)((long)v * 12 / vouchers) + 1;
        var date = $"2024{month:00}{v % 28 + 1:00}";
        var isoDate = $"2024-{month:00}-{v % 28 + 1:00}";
        var number = (v + 1).ToString(CultureInfo.InvariantCulture);
        sie.Write("#VER A "); sie.Write(number); sie.Write(' '); sie.Write(date); sie.Write(" \"Verifikation\"\n{\n");
        var sum = 0m;
        for (var j = 0; j < 9 && ledger.MoveNext(); j++)
        {
            var (_, activity, unit, account, amount) = ledger.Current;
            sum += amount;
            var accountText = account.ToString(CultureInfo.InvariantCulture);
            var amountText = amount.ToString(CultureInfo.InvariantCulture);
            sie.Write("#TRANS "); sie.Write(accountText); sie.Write(" {20 \""); sie.Write(activity); sie.Write("\" 1 \""); sie.Write(unit); sie.Write("\"} "); sie.Write(amountText); sie.Write('\n');
            csv.Write("A;"); csv.Write(number); csv.Write(';'); csv.Write(isoDate); csv.Write(';'); csv.Write(accountText); csv.Write(';');
            csv.Write(activity); csv.Write(';'); csv.Write(unit); csv.Write(';'); csv.Write(amountText); csv.Write('\n');
        }
        ledger.MoveNext(); // the tenth row of the pattern is the balancing row's place
        var balance = (-sum).ToString(CultureInfo.InvariantCulture);
        sie.Write("#TRANS 1930 {} "); sie.Write(balance); sie.Write("\n}\n");
        csv.Write("A;"); csv.Write(number); csv.Write(';'); csv.Write(isoDate); csv.Write(";1930;;;"); csv.Write(balance); csv.Write('\n');
    }
    return (siePath, csvPath);
}

static async Task<TimeSpan> Time(Func<Task> action)
{
    var sw = Stopwatch.StartNew();
    await action();
    return sw.Elapsed;
}

static async Task<string> Scalar(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (await command.ExecuteScalarAsync())?.ToString() ?? "";
}

// An import's phases are logged at Debug (Logging__LogLevel__NamndFollowUp.Economy.Import=Debug shows them).
static ILogger<NamndFollowUp.Economy.Import.EconomyImporter> ImportLog(IHost host) => host.Services.GetRequiredService<ILogger<NamndFollowUp.Economy.Import.EconomyImporter>>();

// The benchmarks print no documents; the service takes a printer for Bilaga 3's PDF.
static NamndFollowUp.Documents.PdfPrinter NoPrinter() =>
    new(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), Microsoft.Extensions.Logging.Abstractions.NullLogger<NamndFollowUp.Documents.PdfPrinter>.Instance);

internal sealed record Measured(TimeSpan Time, ImportResult Result, long PeakWorkingSet, long WorkingSetGrowth, long PeakHeap, long Allocated);
