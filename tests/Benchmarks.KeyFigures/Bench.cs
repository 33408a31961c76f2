using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Events;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.TestSupport;
using Npgsql;

namespace NamndFollowUp.Benchmarks.KeyFigures;

/// <summary>
/// Starts economy and keyfigures (Release builds) against fresh databases and a fresh RabbitMQ virtual host,
/// then measures:
///  1. bare MassTransit: publish → consume of N ActivityFiguresChanged on the same broker (own vhost);
///  2. our pipeline after a bulk import: N outbox rows inserted into economy's outbox_messages the way
///     economy's RecordActivityFigures writes them (one transaction), published by economy's dispatcher,
///     consumed by keyfigures (inbox, version check, recompute of the dependent key figure, its event in
///     the outbox) — until every dependent key figure is stored;
///  3. lag at a steady rate: rows inserted in economy's outbox at R/s; lag = the key figure's ComputedAt −
///     the economy row's ChangedAt (the time of the insert).
/// </summary>
public sealed class Bench(Settings settings) : IAsyncDisposable
{
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private readonly string _vhost = $"nf-bench-{RunId}";
    private readonly string _bareVhost = $"nf-bench-{RunId}-bare";
    private readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
    private readonly Dictionary<string, string> _results = [];
    private ServiceProcesses? _processes;

    private static string Db(string service) => $"nf_bench_{RunId}_{service}";
    private static string Conn(string service) => Postgres.ConnectionString(Db(service));

    public async Task RunAsync()
    {
        var loadBefore = Machine.LoadAverage();
        var started = DateTimeOffset.UtcNow;
        Console.WriteLine($"Scale: {settings.Municipalities} municipalities × {settings.Committees} committees × {settings.Activities} activities = {settings.Events:N0} events");
        await Postgres.CreateDatabaseAsync(Db("economy"));
        await Postgres.CreateDatabaseAsync(Db("keyfigures"));
        RabbitMq.AddVirtualHost(_vhost);
        RabbitMq.AddVirtualHost(_bareVhost);

        var bare = await BareMassTransitAsync(settings.Events);
        Console.WriteLine($"bare MassTransit publish → consume: {settings.Events:N0} in {bare.TotalSeconds:0.0} s = {settings.Events / bare.TotalSeconds:N0}/s");

        var economyPorts = Enumerable.Range(0, settings.Replicas).Select(_ => Ports.Free()).ToArray();
        var keyFiguresPorts = Enumerable.Range(0, settings.Replicas).Select(_ => Ports.Free()).ToArray();
        _processes = await StartServicesAsync(economyPorts, keyFiguresPorts);

        await DefineKeyFiguresAsync(keyFiguresPorts[0]);

        var stats = new StatementStats(Postgres.AdminConnectionString, new Dictionary<string, string> { ["economy"] = Db("economy"), ["keyfigures"] = Db("keyfigures") });
        _cluster = await ClusterNameAsync();
        var statsBefore = await stats.TryTakeAsync();
        var cpuBefore = Cpu();
        var pipeline = await BulkImportAsync(settings.Events);
        var cpu = Cpu().ToDictionary(x => x.Key, x => x.Value - cpuBefore.GetValueOrDefault(x.Key));
        var cpuText = string.Join(", ", cpu.Select(x => $"{x.Key} {x.Value:0.0}"));
        var cpuPerThousand = string.Join(", ", cpu.Select(x => $"{x.Key} {x.Value * 1000 / settings.Events:0.00}"));
        Console.WriteLine("CPU seconds during the bulk import: " + cpuText);
        Console.WriteLine("CPU seconds per 1 000 events: " + cpuPerThousand);
        var statements = StatementStats.Describe(statsBefore, await stats.TryTakeAsync(), settings.Events);
        Console.WriteLine(statements);
        var ours = settings.Events / pipeline.Elapsed.TotalSeconds;
        var baseline = settings.Events / bare.TotalSeconds;
        var ratio = ours / baseline;
        Console.WriteLine($"outbox → RabbitMQ → keyfigures: {settings.Events:N0} recomputed and visible in {pipeline.Elapsed.TotalSeconds:0.0} s = {ours:N0}/s ({ratio:0.00} of bare MassTransit)");

        var lag = await SteadyRateAsync();
        Console.WriteLine($"steady {settings.Rate}/s for {settings.SteadySeconds} s: lag p50 {lag.P50:0} ms, p99 {lag.P99:0} ms, max {lag.Max:0} ms, achieved {lag.Achieved:N0}/s inserted");

        var loadAfter = Machine.LoadAverage();
        static string Met(bool met) => met ? "met" : "**not met**";
        // A complete block to paste into docs/benchmarks-keyfigures.md, so a rerun on a quiet machine replaces it whole.
        Console.WriteLine($"""

            ### Run of {started:yyyy-MM-dd HH:mm} UTC

            - Machine: {Environment.ProcessorCount} cores (nproc), {Machine.CpuModel()}, memory {Memory()}; PostgreSQL and RabbitMQ on the same machine.
            - Load average (1/5/15 min, `/proc/loadavg`) before: {loadBefore}; after: {loadAfter}.
            - Scale: {settings.Municipalities} municipalities × {settings.Committees} committees × {settings.Activities} activities = {settings.Events:N0} events; steady phase {settings.Rate}/s for {settings.SteadySeconds} s.
            - Replicas: {settings.Replicas} of economy and {settings.Replicas} of keyfigures (one database each service, shared by its replicas); quorum queues on both sides (the bare baseline's too).
            - Services' settings: {ServiceSettings()}.

            | measure | result |
            |---|---|
            | bare MassTransit publish → consume (same messages, same broker, own vhost) | {bare.TotalSeconds:0.0} s, {baseline:N0} events/s |
            | {settings.Events:N0} rows inserted into economy's outbox (one transaction) | {pipeline.Inserted.TotalSeconds:0.0} s |
            | bulk import → every dependent key figure recomputed and visible | {pipeline.Elapsed.TotalSeconds:0.0} s, **{ours:N0} events/s** |
            | ratio (target ≥ 0.8, issue 17) | **{ratio:0.00}** ({Met(ratio >= 0.8)}) |
            | economy's outbox published its last event after | {pipeline.Published:0.0} s |
            | keyfigures' inbox took the last event after | {pipeline.Received:0.0} s |
            | CPU seconds during the bulk import (`/proc`; PostgreSQL counts every session's work in cluster {_cluster}) | {cpuText} |
            | the same per 1 000 events | {cpuPerThousand} |
            | steady {settings.Rate}/s for {settings.SteadySeconds} s ({lag.Achieved:N0}/s achieved): lag p50 / p99 / max (target p99 < 100 ms at 2 000/s, issue 17) | {lag.P50:0} / **{lag.P99:0}** / {lag.Max:0} ms ({Met(lag.P99 < 100 && settings.Rate >= 2000)}) |

            PostgreSQL's work in the bulk phase (the benchmark's two databases):

            {statements}
            """);
    }

    /// <summary>Total and available, as `free -h` shows them.</summary>
    private static string Memory()
    {
        double Gib(string key) => long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith(key + ":")).Split(':', 2)[1].Trim().Split(' ')[0]) / 1024.0 / 1024.0;
        return $"{Gib("MemTotal"):0.0} GiB total, {Gib("MemAvailable"):0.0} GiB available";
    }

    /// <summary>The defaults the services run with, and any override in this process's environment (which they inherit).</summary>
    private static string ServiceSettings()
    {
        var overrides = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("Outbox__") || k.StartsWith("EconomyConsumer__") || k.StartsWith("OTEL_")
                || k.StartsWith("DOTNET_gc", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_ThreadPool") || k.StartsWith("DOTNET_Tiered"))
            .Order().Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").ToList();
        return "outbox batches of 200, 2 dispatch loops, woken by NOTIFY (poll 1 s as fallback); economy consumer batches of up to 100 / 50 ms, 4 at a time"
            + (overrides.Count > 0 ? $"; overridden: {string.Join(", ", overrides)}" : "");
    }

    /// <summary>The same messages through MassTransit alone: publish with confirms, a consumer that only counts.</summary>
    private async Task<TimeSpan> BareMassTransitAsync(int count)
    {
        var counter = new Counter(count);
        var services = new ServiceCollection();
        services.AddSingleton(counter);
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<CountingConsumer>();
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(RabbitMq.Host, 5672, _bareVhost, h => { h.Username("guest"); h.Password("guest"); });
                // The queue type the services declare (Messaging:QuorumQueues), so both sides pay the same broker cost.
                rabbit.ConfigureEndpoints(context);
            });
        });
        await using var provider = services.BuildServiceProvider();
        var control = provider.GetRequiredService<IBusControl>();
        await control.StartAsync();
        try
        {
            var messages = Events(2023, count, DateTimeOffset.UtcNow).ToList();
            var watch = Stopwatch.StartNew();
            // As our dispatcher does: batches of 200 in flight at once.
            foreach (var batch in messages.Chunk(200))
            {
                await Task.WhenAll(batch.Select(m => control.Publish(m)));
            }
            await counter.Done.WaitAsync(TimeSpan.FromMinutes(20));
            return watch.Elapsed;
        }
        finally
        {
            await control.StopAsync();
        }
    }

    private IEnumerable<ActivityFiguresChanged> Events(int year, int count, DateTimeOffset at)
    {
        var i = 0;
        for (var m = 0; m < settings.Municipalities; m++)
        for (var c = 0; c < settings.Committees; c++)
        for (var a = 0; a < settings.Activities; a++)
        {
            if (i++ >= count) yield break;
            yield return new ActivityFiguresChanged(Municipality(m), Committee(c), year, 14, Activity(a), -(1_000_000m + i), null, 1, at);
        }
    }

    private static string Municipality(int m) => (1001 + m).ToString(CultureInfo.InvariantCulture);
    private static string Committee(int c) => $"C{c:00}";
    private static string Activity(int a) => (5701 + a).ToString(CultureInfo.InvariantCulture);

    /// <summary>One definition per activity (net cost of the committee-level row per entered volume) for the first
    /// municipality through the API, copied to the others in SQL; volumes entered for every committee.</summary>
    private async Task DefineKeyFiguresAsync(int port)
    {
        using var channel = GrpcChannel.ForAddress($"http://localhost:{port}");
        var client = new KeyFiguresService.KeyFiguresServiceClient(channel);
        var template = Municipality(0);
        var headers = new Metadata { { "authorization", $"Bearer {TokenIssuer.Mint(_signingKey, "bench", template, null, Roles.All)}" } };
        for (var a = 0; a < settings.Activities; a++)
        {
            var activity = Activity(a);
            await client.DefineKeyFigureAsync(new DefineKeyFigureRequest
            {
                MunicipalityCode = template,
                Definition = new KeyFigureDefinition
                {
                    Code = $"bench-{activity}", Name = $"Nettokostnad per vårddygn {activity}", Category = Category.KeyFigure,
                    ActivityCode = activity, Formula = "net_cost / care_days", Unit = "tkr per vårddygn",
                    Presentation = new Presentation { DisplayScale = 1000, DisplayDecimals = 1 },
                    Inputs =
                    {
                        new InputDefinition { Name = "net_cost", Label = "Nettokostnad", Kind = InputKind.Economy, ActivityCode = activity, Measure = Measure.NetCost },
                        new InputDefinition { Name = "care_days", Label = "Antal vårddygn", Kind = InputKind.Entered, ZeroMeansNotComputable = true },
                    },
                },
            }, headers);
        }
        await using var db = new NpgsqlConnection(Conn("keyfigures"));
        await db.OpenAsync();
        await Execute(db, $"""
            INSERT INTO key_figure_definitions ("MunicipalityCode", "Code", "Name", "Category", "ActivityCode", "ActivityName", "ParentCode",
                "Formula", "Unit", "DisplayScale", "DisplayDecimals", "KoladaKpiId", "SortOrder", "UpdatedAt", inputs)
            SELECT (1001 + m)::text, "Code", "Name", "Category", "ActivityCode", "ActivityName", "ParentCode", "Formula", "Unit",
                "DisplayScale", "DisplayDecimals", "KoladaKpiId", "SortOrder", "UpdatedAt", inputs
            FROM key_figure_definitions, generate_series(1, {settings.Municipalities - 1}) AS m
            WHERE "MunicipalityCode" = '{template}'
            """);
        foreach (var year in new[] { 2024, 2025 })
        {
            await Execute(db, $"""
                INSERT INTO entered_inputs ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "DefinitionCode", "InputName", "Value", "Source", "UpdatedAt")
                SELECT (1001 + m)::text, 'C' || lpad(c::text, 2, '0'), {year}, 14, 'bench-' || (5701 + a)::text, 'care_days', 1000 + a, 'Entered', now()
                FROM generate_series(0, {settings.Municipalities - 1}) m, generate_series(0, {settings.Committees - 1}) c, generate_series(0, {settings.Activities - 1}) a
                """);
        }
        Console.WriteLine($"defined {settings.Municipalities * settings.Activities:N0} key figures, entered {2 * settings.Events:N0} volumes");
    }

    /// <summary>Economy's bulk import as its outbox sees it: one transaction of N ActivityFiguresChanged rows.</summary>
    private async Task<(TimeSpan Elapsed, TimeSpan Inserted, double Published, double Received)> BulkImportAsync(int count)
    {
        await using var economy = new NpgsqlConnection(Conn("economy"));
        await economy.OpenAsync();
        await using var keyFigures = new NpgsqlConnection(Conn("keyfigures"));
        await keyFigures.OpenAsync();
        var watch = Stopwatch.StartNew();
        await InsertOutboxRows(economy, 2024, 0, settings.Municipalities);
        var inserted = watch.Elapsed;
        Console.WriteLine($"inserted {count:N0} outbox rows in {inserted.TotalSeconds:0.0} s");
        while (true)
        {
            var done = await Count(keyFigures, "SELECT count(*) FROM computed_key_figures WHERE \"Year\" = 2024 AND \"Value\" IS NOT NULL");
            if (done >= count)
            {
                // When the last value was stored, from its own ComputedAt (stamped in the batch's transaction, which commits
                // a round trip later), measured from the insert's start by the same clock: so the poll can be slow. Polled
                // every 100 ms, this count of a table growing to N rows cost PostgreSQL about a CPU second per 10 s of a
                // national run, and more the slower the pipeline was.
                var visible = TimeSpan.FromSeconds(await Seconds(keyFigures, """SELECT extract(epoch FROM max("ComputedAt")) FROM computed_key_figures WHERE "Year" = 2024""")
                    - await Seconds(economy, """SELECT extract(epoch FROM min("CreatedAt")) FROM outbox_messages"""));
                var elapsed = visible > TimeSpan.Zero && visible < watch.Elapsed ? visible : watch.Elapsed;
                // Where the time went: when economy's dispatcher had published the last event, and when keyfigures'
                // inbox took the last one (both measured from the insert's start by the database clock).
                var published = await Seconds(economy, """SELECT extract(epoch FROM max("SentAt") - min("CreatedAt")) FROM outbox_messages""");
                var received = await Seconds(keyFigures, """
                    SELECT extract(epoch FROM (SELECT max("ReceivedAt") FROM inbox_messages) - (SELECT min("ChangedAt") FROM economy_figures WHERE "Year" = 2024))
                    """);
                Console.WriteLine($"economy's outbox published the last event after {published:0.0} s; keyfigures' inbox took the last after {received:0.0} s");
                return (elapsed, inserted, published, received);
            }
            if (watch.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException($"only {done} of {count} key figures after 30 min");
            }
            await Task.Delay(1000);
        }
    }

    private async Task InsertOutboxRows(NpgsqlConnection economy, int year, int firstMunicipality, int municipalities, int? onlyCommittee = null)
    {
        var type = $"{typeof(ActivityFiguresChanged).FullName}, {typeof(ActivityFiguresChanged).Assembly.GetName().Name}";
        var committees = onlyCommittee is { } oc ? $"generate_series({oc}, {oc})" : $"generate_series(0, {settings.Committees - 1})";
        await Execute(economy, $"""
            INSERT INTO outbox_messages ("MessageId", "MessageType", "Payload", "CreatedAt", "NextAttemptAt", "Attempts")
            SELECT gen_random_uuid(), '{type}',
                jsonb_build_object('municipalityCode', (1001 + m)::text, 'committeeCode', 'C' || lpad(c::text, 2, '0'), 'year', {year},
                    'periodPoint', 14, 'activityCode', (5701 + a)::text, 'actual', -(1000000 + m * 1000 + c * 100 + a), 'budget', null,
                    'version', 1, 'changedAt', clock_timestamp(), 'unitCode', ''),
                now(), now(), 0
            FROM generate_series({firstMunicipality}, {firstMunicipality + municipalities - 1}) m, {committees} c, generate_series(0, {settings.Activities - 1}) a
            ORDER BY m, c, a
            """);
    }

    /// <summary>Rows at a steady rate, 10 inserts a second; lag per key figure from its economy row's ChangedAt.</summary>
    private async Task<(double P50, double P99, double Max, double Achieved)> SteadyRateAsync()
    {
        await using var economy = new NpgsqlConnection(Conn("economy"));
        await economy.OpenAsync();
        await using var keyFigures = new NpgsqlConnection(Conn("keyfigures"));
        await keyFigures.OpenAsync();
        // One tick = one (municipality, committee) of `Activities` rows; ticks per second to reach the rate.
        var perTick = settings.Activities;
        var ticksPerSecond = Math.Max(1, settings.Rate / perTick);
        var interval = TimeSpan.FromSeconds(1.0 / ticksPerSecond);
        var total = 0;
        var watch = Stopwatch.StartNew();
        var tick = 0;
        var maxTicks = Math.Min(settings.SteadySeconds * ticksPerSecond, settings.Municipalities * settings.Committees);
        while (tick < maxTicks)
        {
            var due = interval * tick;
            if (watch.Elapsed < due)
            {
                await Task.Delay(due - watch.Elapsed);
            }
            await InsertOutboxRows(economy, 2025, tick / settings.Committees, 1, tick % settings.Committees);
            total += perTick;
            tick++;
        }
        var achieved = total / watch.Elapsed.TotalSeconds;
        while (await Count(keyFigures, "SELECT count(*) FROM computed_key_figures WHERE \"Year\" = 2025 AND \"Value\" IS NOT NULL") < total)
        {
            await Task.Delay(100);
        }
        await using var cmd = new NpgsqlCommand("""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag)
            FROM (SELECT extract(epoch FROM k."ComputedAt" - e."ChangedAt") * 1000 AS lag
                  FROM computed_key_figures k JOIN economy_figures e
                    ON e."MunicipalityCode" = k."MunicipalityCode" AND e."CommitteeCode" = k."CommitteeCode" AND e."Year" = k."Year"
                   AND e."PeriodPoint" = k."PeriodPoint" AND e."ActivityCode" = k."ActivityCode" AND e."UnitCode" = ''
                  WHERE k."Year" = 2025) l
            """, keyFigures);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDouble(0), reader.GetDouble(1), Convert.ToDouble(reader.GetValue(2)), achieved);
    }

    private static async Task Execute(NpgsqlConnection db, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<double> Seconds(NpgsqlConnection db, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        return Convert.ToDouble(await cmd.ExecuteScalarAsync());
    }

    private static async Task<long> Count(NpgsqlConnection db, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// economy and keyfigures, each as many replicas as asked, their logs beside the benchmark
    /// (bin/Release/net10.0/&lt;name&gt;.log); the first of each migrates, the others wait for its schema.
    /// </summary>
    private async Task<ServiceProcesses> StartServicesAsync(int[] economyPorts, int[] keyFiguresPorts)
    {
        var processes = new ServiceProcesses("Release", AppContext.BaseDirectory)
        {
            Environment =
            {
                ["ConnectionStrings__RabbitMq"] = RabbitMq.ConnectionString(_vhost),
                ["Auth__SigningKey"] = _signingKey,
                // The services' own settings (outbox poll 1 s, woken by NOTIFY; consumer batches): what production runs.
                // EconomyConsumer__* and Outbox__* in the benchmark's environment reach them, to try other settings.
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        for (var r = 0; r < economyPorts.Length; r++)
        {
            var migrations = ("Database__Migrations", r == 0 ? "Apply" : "Wait");
            processes.Start(Replica(SuiteService.Economy, r), [("Urls", $"http://localhost:{economyPorts[r]}"), ("ConnectionStrings__Economy", Conn("economy")), migrations, .. CommandLog("economy")]);
            processes.Start(Replica(SuiteService.KeyFigures, r), [("Urls", $"http://localhost:{keyFiguresPorts[r]}"), ("ConnectionStrings__KeyFigures", Conn("keyfigures")), migrations, .. CommandLog("keyfigures")]);
            // Two minutes each, as before (the other callers allow 90 s); the first replicas migrate before the others start.
            await processes.WaitUntilReadyAsync(economyPorts[r], TimeSpan.FromMinutes(2));
            await processes.WaitUntilReadyAsync(keyFiguresPorts[r], TimeSpan.FromMinutes(2));
        }
        return processes;
    }

    /// <summary>NF_BENCH_&lt;SERVICE&gt;_LOG=Information shows every SQL command with its duration, to see where time goes.</summary>
    private static (string, string)[] CommandLog(string service) =>
        Environment.GetEnvironmentVariable($"NF_BENCH_{service.ToUpperInvariant()}_LOG") is { } level
            ? [("Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command", level)]
            : [];

    /// <summary>
    /// CPU seconds used so far by the two services, this process (bare MassTransit's and the pollers' share),
    /// PostgreSQL (all its processes: other sessions' load counts too) and RabbitMQ, from /proc.
    /// </summary>
    private string _cluster = "";

    /// <summary>The admin connection's cluster ("15/main"): its processes carry the name in their title, so a cluster of
    /// the benchmark's own (NF_TEST_PG) is counted without the shared one's other sessions.</summary>
    private static async Task<string> ClusterNameAsync()
    {
        await using var connection = new NpgsqlConnection(Postgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW cluster_name", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private Dictionary<string, double> Cpu()
    {
        static double Seconds(string statPath)
        {
            try
            {
                var stat = File.ReadAllText(statPath);
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // utime + stime, in USER_HZ (100)
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return 0; }
        }
        static string Comm(string dir)
        {
            try { return File.ReadAllText(Path.Combine(dir, "comm")).Trim(); } catch (IOException) { return ""; }
        }
        bool InCluster(string dir)
        {
            if (_cluster.Length == 0)
            {
                return true;
            }
            // "postgres: 15/main: namnd nf_bench… idle" for a backend; the postmaster's command line names its config directory.
            try { return File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(_cluster, StringComparison.Ordinal); }
            catch (IOException) { return false; }
        }
        var result = new Dictionary<string, double>
        {
            ["economy"] = Enumerable.Range(0, settings.Replicas).Sum(r => Seconds($"/proc/{_processes![Replica(SuiteService.Economy, r).Name].Id}/stat")),
            ["keyfigures"] = Enumerable.Range(0, settings.Replicas).Sum(r => Seconds($"/proc/{_processes![Replica(SuiteService.KeyFigures, r).Name].Id}/stat")),
            ["benchmark"] = Seconds($"/proc/{Environment.ProcessId}/stat"),
            ["postgres"] = 0,
            ["rabbitmq"] = 0,
        };
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => char.IsAsciiDigit(Path.GetFileName(d)[0])))
        {
            var comm = Comm(dir);
            if (comm.StartsWith("postgres") && InCluster(dir))
            {
                result["postgres"] += Seconds(Path.Combine(dir, "stat"));
            }
            else if (comm == "beam.smp")
            {
                result["rabbitmq"] += Seconds(Path.Combine(dir, "stat"));
            }
        }
        return result;
    }

    /// <summary>The first replica keeps the service's own name (economy.log as before); the others are economy-2, ….</summary>
    private static SuiteService Replica(SuiteService service, int replica) =>
        replica == 0 ? service : service with { Name = $"{service.Name}-{replica + 1}" };

    public async ValueTask DisposeAsync()
    {
        if (_processes is not null)
        {
            await _processes.DisposeAsync();
        }
        RabbitMq.TryRun($"delete_vhost {_vhost}");
        RabbitMq.TryRun($"delete_vhost {_bareVhost}");
        NpgsqlConnection.ClearAllPools();
        foreach (var service in new[] { "economy", "keyfigures" })
        {
            try { await Postgres.DropDatabasesAsync(Db(service)); } catch (NpgsqlException) { }
        }
    }
}

public sealed class Counter(int expected)
{
    private int _count;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Task Done => _done.Task;

    public void Add()
    {
        if (Interlocked.Increment(ref _count) == expected)
        {
            _done.TrySetResult();
        }
    }
}

public sealed class CountingConsumer(Counter counter) : IConsumer<ActivityFiguresChanged>
{
    public Task Consume(ConsumeContext<ActivityFiguresChanged> context)
    {
        counter.Add();
        return Task.CompletedTask;
    }
}
