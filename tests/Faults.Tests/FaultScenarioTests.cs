using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// The faults of issue 17, each against the running replicated suite, each leaving it whole again. Every scenario writes
/// its figures to the report (docs/faults.md at full scale) before it asserts, so a failed run still says what it saw.
/// </summary>
[Collection(ReplicatedSuiteCollection.Name)]
public sealed class FaultScenarioTests(ReplicatedSuite suite)
{
    private static readonly Scale Scale = Scale.Current;
    private static string Committee(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
    private static string Ms(TimeSpan? t) => t is { } v ? $"{v.TotalMilliseconds:N0} ms" : "never";
    private static string S(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.0} s" : "never";

    [Fact]
    public Task Concurrent_first_writes_to_a_new_committee_and_period_all_succeed() => suite.Report.RunAsync("5",
        "Concurrent first writes to a new committee and period",
        "Each writer records a figure of a committee and period nobody has written to, so each would create the period's report; " +
        "four of them write the same figure. Before, all but one collided on the report's unique index (409 ABORTED).", async section =>
    {
        // The writers wait for each other (the period's lock): success is what is measured, so a minute each.
        using var client = new Client(suite, TimeSpan.FromMinutes(1));
        var committee = Committee("NEW");
        // Distinct figures, and four writers of one and the same figure, all to a period nobody has written to yet.
        var writes = Enumerable.Range(0, Scale.FirstWriters)
            .Select(i => client.WriteFigureAsync(committee, (i < Scale.FirstWriters - 4 ? 7100 + i : 7099).ToString(CultureInfo.InvariantCulture), -100m - i, year: 2026))
            .ToList();
        var outcomes = await Task.WhenAll(writes);
        var all = new Outcomes();
        foreach (var o in outcomes) all.Add(o);

        section.Add([
            ("writers at once (through both gateways, to both economy replicas)", $"{Scale.FirstWriters}"),
            ("answers", all.Summary()),
            ("slowest answer (the writers of one period wait for each other)", Ms(outcomes.Max(o => o.Took))),
        ]);
        Assert.All(outcomes, o => Assert.Equal(Outcome.Ok, o.Kind));
    });

    [Fact]
    public Task A_broker_outage_loses_nothing_applies_nothing_twice_and_delivery_resumes_at_once() => suite.Report.RunAsync("1",
        "RabbitMQ stopped during writes",
        "The broker is away from the moment its AMQP port refuses connections after `stop_app` to the first moment it accepts one " +
        "after `start_app` (the broker's return); `start_app` is asked the outage's length after the port closed, so the CLI's slowness " +
        "in stopping on a busy machine does not lengthen the outage (its slowness in starting does, and is shown). Consumers are started again by ReceiveEndpointRevival when the port " +
        "accepts, instead of at the end of MassTransit's reconnect back-off.", async section =>
    {
        using var client = new Client(suite);
        var events = new Events(suite);
        var committee = Committee("OUT");
        var since = DateTimeOffset.UtcNow;
        var writes = new Outcomes();
        // Writes spread so the outage sits in the middle: a quarter of the time before it, as long again after it.
        var quarter = Scale.BrokerOutage / 2;
        var total = quarter + Scale.BrokerOutage + quarter;
        var interval = total / Scale.OutageWrites;
        var watch = Stopwatch.StartNew();
        var next = 0;
        // Until the planned writes are done and, whatever the machine's pace, for a quarter's time after the broker's
        // return, so there are events written after it to measure.
        var writeAfterReturn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writing = Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= Scale.OutageWrites || !writeAfterReturn.Task.IsCompleted)
            {
                var due = interval * i;
                if (watch.Elapsed < due) await Task.Delay(due - watch.Elapsed);
                writes.Add(await client.WriteFigureAsync(committee, (7000 + i % 250).ToString(CultureInfo.InvariantCulture), -1000m - i));
            }
        }));

        DateTimeOffset stoppedAt, goneAt, startAskedAt, backAt;
        try
        {
            await Task.Delay(quarter);
            // The outage is timed at the port, from the moment it refuses connections, not from rabbitmqctl's return: on a
            // busy machine the CLI took tens of seconds to take effect and to return (a "60 s" outage lasted 90 s; at load
            // 10 the port closed 45 s after the stop was asked). The start is asked the outage's length after the port
            // closed; what is reported is the port's own: refusing from … accepting again.
            stoppedAt = DateTimeOffset.UtcNow;
            var gone = suite.RabbitMq.RefusingAsync();
            await suite.RabbitMq.StopAppAsync();
            goneAt = await gone;
            var remaining = goneAt + Scale.BrokerOutage - DateTimeOffset.UtcNow;
            if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
            startAskedAt = DateTimeOffset.UtcNow;
            var starting = suite.RabbitMq.StartAppAsync();
            backAt = await suite.RabbitMq.AcceptingAsync();
            await starting;
            await Task.Delay(quarter);
        }
        finally
        {
            // However the outage went, the writers stop once the planned writes are done.
            writeAfterReturn.TrySetResult();
            await writing;
        }
        var writesDoneAt = DateTimeOffset.UtcNow;

        var deliveries = await events.AllDeliveredAsync(since, TimeSpan.FromSeconds(120));
        var lost = deliveries.Count(d => d.ReceivedAt is null);
        var appliedTwice = await events.AppliedTwiceAsync(since);
        var mismatches = await events.VersionMismatchesAsync(committee);
        var skipped = await events.DuplicatesSkippedAsync();
        var backlog = deliveries.Where(d => d.CreatedAt < backAt && d.ReceivedAt is not null).ToList();
        var backlogDone = backlog.Count == 0 ? (TimeSpan?)null : backlog.Max(d => d.ReceivedAt!.Value) - backAt;
        var lastBefore = deliveries.Where(d => d.ReceivedAt < backAt).Select(d => d.ReceivedAt!.Value).DefaultIfEmpty().Max();
        var firstAfter = deliveries.Where(d => d.ReceivedAt >= backAt).Select(d => d.ReceivedAt!.Value).DefaultIfEmpty().Min();
        var fresh = deliveries.Where(d => d.CreatedAt >= backAt && d.ReceivedAt is not null).Select(d => (d.ReceivedAt!.Value - d.CreatedAt).TotalMilliseconds).ToList();
        var freshFirstSecond = deliveries.Where(d => d.CreatedAt >= backAt && d.CreatedAt < backAt.AddSeconds(5) && d.ReceivedAt is not null)
            .Select(d => (d.ReceivedAt!.Value - d.CreatedAt).TotalMilliseconds).ToList();
        var before = deliveries.Where(d => d.CreatedAt < stoppedAt && d.ReceivedAt is not null).Select(d => (d.ReceivedAt!.Value - d.CreatedAt).TotalMilliseconds).ToList();

        section.Add([
            ("writes (RecordActivityFigures through both gateways, 8 callers)", $"{writes.All.Count:N0} over {S(writesDoneAt - since)}; answers: {writes.Summary()}"),
            ("broker away (its AMQP port refusing after `rabbitmqctl stop_app` … accepting again after `start_app`, on the harness's node)",
                $"{S(backAt - goneAt)} (`start_app` asked {S(startAskedAt - goneAt)} after the port closed, planned {S(Scale.BrokerOutage)}; " +
                $"the port closed {S(goneAt - stoppedAt)} after `stop_app` was asked and accepted {S(backAt - startAskedAt)} after `start_app` was)"),
            // When delivery really stopped: rabbitmqctl's own start on two busy cores takes seconds before the node stops.
            ("last event delivered before the return, after `stop_app` was asked", lastBefore == default ? "none" : $"{S(lastBefore - stoppedAt)} (the port closed at {S(goneAt - stoppedAt)})"),
            ("events written (economy's outbox, ActivityFiguresChanged)", $"{deliveries.Count:N0}, of which {backlog.Count:N0} before the broker's return"),
            ("**events lost** (in economy's outbox, not in keyfigures' inbox once delivery had made no progress for 120 s)", $"**{lost}**"),
            ("**events applied twice** (inbox rows beyond one per message and consumer)", $"**{appliedTwice}**"),
            ("figures whose version in keyfigures differs from economy's", $"{mismatches}"),
            ("redeliveries the inbox recognised and skipped (keyfigures' /metrics)", $"{skipped}"),
            ("first event delivered after the broker's return", firstAfter == default ? "none" : Ms(firstAfter - backAt)),
            ("backlog (events written before the return) all delivered, after the return", S(backlogDone)),
            ("latency of events written after the return (commit → consumer)", Events.Percentiles(fresh)),
            ("… of those, taken within 1 s of their commit (issue 17: every one)", $"{fresh.Count(ms => ms <= 1000):N0} of {fresh.Count:N0}"),
            ("… of those written in the first 5 s after the return", Events.Percentiles(freshFirstSecond)),
            ("latency before the outage, for comparison", Events.Percentiles(before)),
        ]);

        // A write is answered, or its caller gave up waiting (a time, judged below); never refused or failed.
        Assert.True(writes.All.All(o => o.IsOk || o.Kind.StartsWith("timeout", StringComparison.Ordinal)), $"writes answered: {writes.Summary()}");
        Assert.Equal(0, lost);
        Assert.Equal(0, appliedTwice);
        Assert.Equal(0, mismatches);
        section.Target("every write answered within the callers' 5 s", writes.All.All(o => o.IsOk), writes.Summary());
        section.Target("backlog delivered within 30 s of the broker's return", backlogDone <= TimeSpan.FromSeconds(30), S(backlogDone));
        section.Target("first event delivered within 1 s of the broker's return", firstAfter != default && firstAfter - backAt <= TimeSpan.FromSeconds(1),
            firstAfter == default ? "none" : Ms(firstAfter - backAt));
    });

    [Fact]
    public Task A_PostgreSQL_restart_under_load_answers_a_retryable_UNAVAILABLE_and_the_services_recover_without_a_restart() => suite.Report.RunAsync("2",
        "PostgreSQL restarted under load", null, async section =>
    {
        using var client = new Client(suite);
        var committee = Committee("PGR");
        var pids = ReplicatedSuite.Services.SelectMany(s => new[] { $"{s}-1", $"{s}-2" }).ToDictionary(r => r, suite.ProcessId);
        var outcomes = new Outcomes();
        // Stops the load at the latest then; the finally below stops it at once, however the scenario ends.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var load = SteadyLoad.RunAsync(client, outcomes, committee, Scale.LoadWorkers, stop.Token);

        DateTimeOffset downAt, upAt;
        try
        {
            await Task.Delay(Scale.PostgresLoad / 3);
            downAt = DateTimeOffset.UtcNow;
            await suite.Postgres.StopAsync();
            if (Scale.PostgresStop is { } pause)
            {
                await Task.Delay(pause);
            }
            await suite.Postgres.StartAsync();
            upAt = DateTimeOffset.UtcNow;
            await Task.Delay(Scale.PostgresLoad * 2 / 3);
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }

        var steady = outcomes.SteadyFrom(upAt);
        var during = outcomes.All.Where(o => o.At >= downAt && !o.IsOk).ToList();
        var unacceptable = outcomes.All.Count(o => o.IsUnacceptable);
        var restarted = pids.Where(p => suite.ProcessId(p.Key) != p.Value).Select(p => p.Key).ToList();
        section.Add([
            ("load", $"{Scale.LoadWorkers} callers through both gateways for {S(Scale.PostgresLoad)}: writes to economy, reads of economy (REST and gRPC), planning and keyfigures"),
            ("PostgreSQL away (`pg_ctl stop -m fast` … `start`)", S(upAt - downAt)),
            ("answers", outcomes.Summary()),
            ("**HTTP 500 / 502, gRPC UNKNOWN / INTERNAL**", $"**{unacceptable}**"),
            ("failed answers from the stop on, by kind", string.Join(", ", during.GroupBy(o => o.Kind).Select(g => $"{g.Key}: {g.Count()}"))),
            ("every answer a success again, after PostgreSQL accepted connections", steady is { } s ? S(s - upAt) : "never"),
            ("replicas restarted to recover", restarted.Count == 0 ? "none (same process ids)" : string.Join(", ", restarted)),
        ]);
        Assert.True(unacceptable == 0, $"unacceptable answers: {outcomes.Unacceptable()}");
        Assert.NotNull(steady);
        Assert.Empty(restarted);
    });

    [Fact]
    public Task A_replica_killed_mid_import_and_mid_dispatch_loses_nothing_and_the_other_carries_on() => suite.Report.RunAsync("3",
        "A replica killed with SIGKILL mid-import and mid-dispatch",
        "The first kill is of the replica receiving the import, so the caller loses its connection: what matters is that nothing of the " +
        "half-read file is stored. A request whose connection a killed replica refuses is sent once more to the other replica by the gateway.", async section =>
    {
        using var client = new Client(suite);
        var events = new Events(suite);
        var committee = Committee("KIL");
        var since = DateTimeOffset.UtcNow;
        var outcomes = new Outcomes();
        // Stops the load at the latest then; the finally below stops it at once, however the scenario ends.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var load = SteadyLoad.RunAsync(client, outcomes, Committee("KLD"), Scale.LoadWorkers, stop.Token);
        long rowsAfterKill, rowsAfterRetry;
        List<Events.Delivery> deliveries;
        try
        {
            // 1. An import straight to economy-1, killed when half the file has arrived.
            var upload = new ThrottledCsv(Scale.ImportRows, TimeSpan.FromSeconds(6));
            using var direct = ReplicatedSuite.Direct(suite.Port["economy-1"]);
            var importId = Guid.NewGuid();
            var uploading = UploadAsync(direct, committee, upload, importId);
            // An upload refused before half of it was sent would never get there: then it is not killed mid-import at all.
            await Task.WhenAny(upload.HalfSent, uploading);
            if (uploading.IsCompleted)
            {
                section.Row("import straight to economy-1", $"ended before half of it was sent: {await uploading}; economy's record of the run: {await ImportRunAsync(importId)}");
                Assert.Fail($"the import ended before half of it was sent: {await uploading}");
            }
            await suite.KillAsync("economy-1");
            var killedImport = await uploading;
            rowsAfterKill = await FigureRowsAsync(committee);
            section.Row($"import of {Scale.ImportRows:N0} figure rows straight to economy-1, SIGKILL when half the file had arrived",
                $"caller saw: {killedImport}; **rows stored: {rowsAfterKill:N0}** (all or nothing: 0 or {Scale.ImportRows:N0})");

            // 2. The same file again through the gateways: economy-2 takes it while economy-1 is away.
            using var gateway = new HttpClient { BaseAddress = new Uri(suite.GatewayRest[0]), Timeout = TimeSpan.FromMinutes(10) };
            var retryStarted = DateTimeOffset.UtcNow;
            var again = await UploadAsync(gateway, committee, new StringContent(ThrottledCsv.Text(Scale.ImportRows), Encoding.UTF8, "text/csv"));
            rowsAfterRetry = await FigureRowsAsync(committee);
            section.Row("the same file again through a gateway (economy-2 serving)",
                $"{again} after {S(DateTimeOffset.UtcNow - retryStarted)}; rows stored: {rowsAfterRetry:N0}");
            section.Row("economy-1 started again (ready to serve)", $"after {S(await suite.RestartAsync("economy-1"))}");

            // 3. Its events are being dispatched by both replicas: kill economy-2 while the outbox still holds some; economy-1,
            // back by now, carries on alone.
            var unsentAtKill = await UnsentAsync();
            await suite.KillAsync("economy-2");
            var secondKillAt = DateTimeOffset.UtcNow;
            section.Row("economy-2 killed mid-dispatch, with unsent events in the outbox", $"{unsentAtKill:N0}");
            deliveries = await events.AllDeliveredAsync(since, TimeSpan.FromSeconds(120));
            var lastDelivered = deliveries.Where(d => d.ReceivedAt is not null).Select(d => d.ReceivedAt!.Value).DefaultIfEmpty(secondKillAt).Max();
            section.Row("events of the run (both imports, the load's writes)", $"{deliveries.Count:N0}; last delivered {S(lastDelivered - secondKillAt)} after the second kill");
            section.Row("economy-2 started again (ready to serve)", $"after {S(await suite.RestartAsync("economy-2"))}");
        }
        finally
        {
            await stop.CancelAsync();
            await load;
            section.Row("load through the gateways meanwhile", outcomes.Summary());
        }
        var lost = deliveries.Count(d => d.ReceivedAt is null);
        var appliedTwice = await events.AppliedTwiceAsync(since);
        section.Add([
            ("**events lost** (not in keyfigures' inbox once delivery had made no progress for 120 s)", $"**{lost}**"),
            ("**events applied twice**", $"**{appliedTwice}**"),
        ]);

        Assert.True(rowsAfterKill == 0 || rowsAfterKill == Scale.ImportRows, $"{rowsAfterKill} rows after the kill");
        Assert.Equal(Scale.ImportRows, rowsAfterRetry);
        Assert.Equal(0, lost);
        Assert.Equal(0, appliedTwice);
        Assert.True(outcomes.Unacceptable().Length == 0, $"unacceptable answers: {outcomes.Unacceptable()}; replicas: {suite.Timeline(since)}");
    });

    [Fact]
    public Task A_whole_service_down_is_a_503_naming_it_within_a_second_and_it_is_served_again_within_5_s_of_its_return() => suite.Report.RunAsync("4",
        "A whole service down (both keyfigures replicas killed)",
        "A REST answer counts as naming the service when it is a 503 whose google.rpc.Status (code 14) names it; a gRPC answer when its " +
        "status is UNAVAILABLE with the service in its message.", async section =>
    {
        using var client = new Client(suite);
        var committee = Committee("DWN");
        await suite.KillAsync("keyfigures-1");
        await suite.KillAsync("keyfigures-2");
        var downAt = DateTimeOffset.UtcNow;
        var down = new Outcomes();
        var others = new Outcomes();
        while (DateTimeOffset.UtcNow - downAt < Scale.ServiceDown)
        {
            down.Add(await client.ReadAsync("keyfigures", committee));
            down.Add(await client.GrpcKeyFiguresAsync(committee));
            others.Add(await client.ReadAsync("economy", committee));
            others.Add(await client.ReadAsync("planning", committee));
        }

        // Back: both replicas started; the clock runs from the first one ready.
        // The clock runs from the first replica ready and warm (one request straight to it: a cold process's first
        // request costs seconds of JIT on two busy cores, which is not the gateway's recovery).
        var restart1 = WarmRestartAsync("keyfigures-1", committee);
        var restart2 = WarmRestartAsync("keyfigures-2", committee);
        await Task.WhenAny(restart1, restart2);
        var backAt = DateTimeOffset.UtcNow;
        var after = new Outcomes();
        var servedBy = new DateTimeOffset?[2];
        while (servedBy.Any(s => s is null) && DateTimeOffset.UtcNow - backAt < TimeSpan.FromSeconds(60))
        {
            for (var g = 0; g < 2; g++)
            {
                using var http = new HttpClient { BaseAddress = new Uri(suite.GatewayRest[g]), Timeout = TimeSpan.FromSeconds(5) };
                using var request = new HttpRequestMessage(HttpMethod.Get,
                    $"/api/v1/keyfigures/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}/sheet?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(committee));
                var at = DateTimeOffset.UtcNow;
                try
                {
                    using var response = await http.SendAsync(request);
                    after.Add(new Outcome(at, DateTimeOffset.UtcNow - at, Outcome.OfRest(response.StatusCode, await response.Content.ReadAsStringAsync(), "keyfigures"), $"gateway-{g + 1}"));
                    if (response.IsSuccessStatusCode) servedBy[g] ??= DateTimeOffset.UtcNow;
                }
                catch (TaskCanceledException)
                {
                    after.Add(new Outcome(at, DateTimeOffset.UtcNow - at, "timeout (5 s)", $"gateway-{g + 1}"));
                }
            }
            await Task.Delay(100);
        }
        await Task.WhenAll(restart1, restart2);

        var slowest = down.All.Max(o => o.Took);
        var recovery = servedBy.All(s => s is not null) ? servedBy.Max()!.Value - backAt : (TimeSpan?)null;
        section.Add([
            ("keyfigures asked through the gateways while down", $"{S(Scale.ServiceDown)}: {down.Summary()}"),
            ("slowest of those answers", Ms(slowest)),
            ("economy and planning asked meanwhile", others.Summary()),
            ("keyfigures served again by both gateways, after its first replica was ready (and had answered one request straight)", S(recovery)),
            ("answers while it came back", after.Summary()),
        ]);

        // Named as unavailable, or so slow the caller gave up (a time, judged below); never another answer.
        Assert.All(down.All, o => Assert.True(o.Kind.Contains("UNAVAILABLE naming keyfigures", StringComparison.Ordinal) || o.Kind.StartsWith("timeout", StringComparison.Ordinal), o.Kind));
        Assert.All(others.All, o => Assert.True(o.IsOk || o.Kind.StartsWith("timeout", StringComparison.Ordinal), o.Kind));
        section.Target("every answer while down a 503 / UNAVAILABLE naming keyfigures", down.All.All(o => o.Kind.Contains("UNAVAILABLE naming keyfigures", StringComparison.Ordinal)), down.Summary());
        section.Target("economy and planning served meanwhile within the callers' 5 s", others.All.All(o => o.IsOk), others.Summary());
        Assert.NotNull(recovery);
        section.Target("503 naming the service within 1 s", slowest <= TimeSpan.FromSeconds(1), $"slowest {Ms(slowest)}");
        section.Target("served again within 5 s of its return", recovery <= TimeSpan.FromSeconds(5), S(recovery));
    });

    [Fact]
    public Task A_composed_view_answers_whole_through_either_gateway_with_one_replica_of_each_service_killed() => suite.Report.RunAsync("6",
        "A composed view with one replica of each service killed",
        "The gateway's composed views call each service at the destinations of its proxy cluster, with the cluster's health and " +
        "load balancing, passing over a replica that refuses the connection. Before, each gateway called one address per service.", async section =>
    {
        using var client = new Client(suite, TimeSpan.FromMinutes(1));
        var committee = Committee("CMP");
        Assert.Equal(Outcome.Ok, (await client.WriteFigureAsync(committee, "7001", -500m)).Kind);
        // What each composed view answers with every replica up: the parts that came (a part may be absent for its own
        // reason, a report not yet created, which is not what is tested).
        var baseline = new[] { await WholeAsync(""), await WholeAsync("/report") };
        Assert.All(baseline, b => Assert.Equal(200, b.Status));
        Assert.True(baseline.All(b => !b.Body.Contains("did not answer", StringComparison.Ordinal)), $"with every replica up: {baseline[0].Body} {baseline[1].Body}");

        // A part that did not answer within the view's budget is the view working as designed on a busy machine (it
        // answers without the part instead of waiting): the baseline is asked again until it is whole, a few times.
        async Task<(int Status, string Body)> WholeAsync(string view)
        {
            var answer = await ComposedAsync(0, committee, view);
            for (var attempt = 1; attempt < 5 && answer.Body.Contains("did not answer", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                answer = await ComposedAsync(0, committee, view);
            }
            return answer;
        }

        // The replicas each gateway's composed views called before (the clusters' first destinations), all three at once.
        var killed = ReplicatedSuite.Services.Select(s => $"{s}-1").ToList();
        foreach (var replica in killed)
        {
            await suite.KillAsync(replica);
        }
        var killedAt = DateTimeOffset.UtcNow;
        var answers = new List<(int Gateway, string View, TimeSpan Took, int Status, string Body)>();
        var asking = TimeSpan.Zero;
        try
        {
            // From the kill on, before the gateways' health checks have noticed, and after.
            while (DateTimeOffset.UtcNow - killedAt < TimeSpan.FromSeconds(8) || answers.Count < 16)
            {
                for (var g = 0; g < 2; g++)
                {
                    foreach (var view in new[] { "", "/report" })
                    {
                        var started = DateTimeOffset.UtcNow;
                        var (status, body) = await ComposedAsync(g, committee, view);
                        answers.Add((g, view, DateTimeOffset.UtcNow - started, status, body));
                    }
                }
            }
            asking = DateTimeOffset.UtcNow - killedAt;
            // What the gateways' active health checks see of the replicas left: beside a missing part it says whether the
            // replica was not ready or did not answer the call.
            foreach (var service in ReplicatedSuite.Services)
            {
                section.Row($"{service}-2's /healthz/ready while {service}-1 was down", await ReadinessAsync($"{service}-2"));
            }
        }
        finally
        {
            await Task.WhenAll(killed.Select(suite.RestartAsync));
        }

        var whole = answers.Count(a => a.Status == 200 && !a.Body.Contains("did not answer", StringComparison.Ordinal));
        var firstFailure = answers.FirstOrDefault(a => a.Status != 200 || a.Body.Contains("did not answer", StringComparison.Ordinal));
        section.Add([
            ("replicas killed (SIGKILL)", string.Join(", ", killed)),
            ("composed views asked through both gateways from the kill on (committee follow-up and its adoption state)", $"{answers.Count} over {S(asking)}"),
            ("answered whole (HTTP 200, no part missing for want of an answer)", $"{whole}"),
            ("slowest answer", Ms(answers.Max(a => a.Took))),
        ]);

        Assert.True(firstFailure == default, $"gateway-{firstFailure.Gateway + 1} {firstFailure.View}: HTTP {firstFailure.Status} {firstFailure.Body}");
        foreach (var view in new[] { 0, 1 })
        {
            Assert.All(answers.Where(a => a.View == (view == 0 ? "" : "/report")), a => Assert.Equal(Parts(baseline[view].Body), Parts(a.Body)));
        }
    });

    private async Task<string> ReadinessAsync(string replica)
    {
        using var direct = ReplicatedSuite.Direct(suite.Port[replica]);
        direct.Timeout = TimeSpan.FromSeconds(5);
        try
        {
            using var response = await direct.GetAsync("/healthz/ready");
            var body = await response.Content.ReadAsStringAsync();
            return $"HTTP {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"no answer ({e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>The committee follow-up (view "") or its adoption state (view "/report") of the 2024 full year, through one gateway.</summary>
    private async Task<(int Status, string Body)> ComposedAsync(int gateway, string committee, string view)
    {
        using var http = new HttpClient { BaseAddress = new Uri(suite.GatewayRest[gateway]), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/v1/follow-up/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}{view}?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(committee));
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Which parts a composed answer holds: the follow-up's available flags, or the adoption's parts and missing services.</summary>
    private static string Parts(string body)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        return string.Join(",", new[] { "economy", "planning", "keyFigures" }.Select(p => $"{p}:{json[p]?["available"]}"))
            + $"|parts:{json["parts"]?.AsArray().Count ?? 0}|missing:{string.Join("+", json["missing"]?.AsArray().Select(m => m!["service"]?.ToString()) ?? [])}";
    }

    private async Task WarmRestartAsync(string replica, string committee)
    {
        await suite.RestartAsync(replica);
        using var direct = ReplicatedSuite.Direct(suite.Port[replica]);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/v1/keyfigures/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}/sheet?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR")
        {
            Version = direct.DefaultRequestVersion,
            VersionPolicy = direct.DefaultVersionPolicy,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(committee));
        using var response = await direct.SendAsync(request);
    }

    private async Task<string> UploadAsync(HttpClient http, string committee, HttpContent content, Guid? importId = null)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        // A request made by hand does not take the client's default version: HTTP/2 straight to a replica's h2c port.
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"/api/v1/economy/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}/imports/csv:upload")
        {
            Content = content,
            Version = http.DefaultRequestVersion,
            VersionPolicy = http.DefaultVersionPolicy,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(committee));
        if (importId is { } id)
        {
            request.Headers.Add("Import-Id", id.ToString());
        }
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return $"HTTP {(int)response.StatusCode}{(response.IsSuccessStatusCode ? "" : $" {body[..Math.Min(200, body.Length)]}")}";
        }
        catch (HttpRequestException e)
        {
            // The whole chain: "Error while copying content to a stream" alone does not say whether the replica reset
            // the stream, closed the connection or refused the request.
            var causes = new List<string>();
            for (Exception? c = e; c is not null; c = c.InnerException)
            {
                causes.Add($"{c.GetType().Name}: {c.Message}");
            }
            return $"connection lost ({e.HttpRequestError}; {string.Join(" ← ", causes)})";
        }
        catch (TaskCanceledException)
        {
            return $"no answer within the client's {http.Timeout.TotalMinutes:0} min";
        }
    }

    private async Task<long> FigureRowsAsync(string committee)
    {
        await using var economy = new NpgsqlConnection(suite.ConnectionString("economy"));
        await economy.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM activity_figures WHERE "MunicipalityCode" = $1 AND "CommitteeCode" = $2""", economy)
        {
            Parameters = { new() { Value = ReplicatedSuite.Municipality }, new() { Value = committee } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>economy's own record of an import run (import_runs): how far it read and how it ended, as the replica saw it.</summary>
    private async Task<string> ImportRunAsync(Guid importId)
    {
        await using var economy = new NpgsqlConnection(suite.ConnectionString("economy"));
        await economy.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT "Phase", "BytesRead", "LinesRead", coalesce("Problems", '') FROM import_runs WHERE "Id" = $1
            """, economy) { Parameters = { new() { Value = importId } } };
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? $"{reader.GetString(0)}, {reader.GetInt64(1):N0} bytes and {reader.GetInt64(2):N0} lines read; {reader.GetString(3)}"
            : "none (the request never reached the import)";
    }

    private async Task<long> UnsentAsync()
    {
        await using var economy = new NpgsqlConnection(suite.ConnectionString("economy"));
        await economy.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL""", economy);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
