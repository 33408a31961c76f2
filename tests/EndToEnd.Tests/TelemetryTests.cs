using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NamndFollowUp.Contracts.KeyFigures.V1;
using Npgsql;
using OpenTelemetry.Proto.Trace.V1;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

[Collection(TracedSuiteCollection.Name)]
public sealed class TelemetryTests(TracedSuite traced)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private Suite Suite => traced.Suite;

    [Fact]
    public async Task One_trace_follows_a_change_from_the_gateway_through_economy_its_outbox_and_RabbitMQ_to_keyfigures()
    {
        var committee = NewCommittee("T");
        await Suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -174_176_000m, -170_000_000m)));
        await Suite.Rest.PostOkAsync(KeyFiguresPath(committee, "activities/5731/volume"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["kind"] = "VOLUME_KIND_CARE_DAYS",
            ["volume"] = Amount(32_380m),
        });
        var keyFigures = new KeyFiguresService.KeyFiguresServiceClient(Suite.Grpc);
        var request = new GetKeyFigureRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, ActivityCode = "5731" };
        await Eventually(() => keyFigures.GetKeyFigureAsync(request).ResponseAsync, v => v.NetCostSourceVersion == 1, Timeout, "the economy event to reach keyfigures");

        // The trace the gateway started for the write: its server span for the figures' path.
        var root = await Eventually(() => Task.FromResult(traced.Collector.Spans.FirstOrDefault(s =>
                s is { Service: "gateway", Span.Kind: Span.Types.SpanKind.Server }
                && (s.Attribute("url.path") ?? "").Contains($"/committees/{committee}/figures", StringComparison.Ordinal))),
            s => s is not null, Timeout, "the gateway's span of the write");
        Assert.True(root!.Span.ParentSpanId.IsEmpty, "the gateway's span starts the trace");

        // Everything below it, once the consumer's spans have arrived too.
        bool Complete(IReadOnlyList<ReceivedSpan> spans) =>
            Find(spans, "keyfigures", Span.Types.SpanKind.Consumer) is { } consumer && ReachesRoot(spans, consumer, root)
            && spans.Any(s => s.Service == "keyfigures" && IsDatabase(s) && ReachesRoot(spans, s, root));
        var trace = await Eventually(() => Task.FromResult<IReadOnlyList<ReceivedSpan>>(traced.Collector.Spans.Where(s => s.TraceId == root.TraceId).ToList()),
            Complete, Timeout, "the consumer's spans in the write's trace");

        // The consumer's ancestry, from the top: gateway → economy (its request) → the outbox dispatch → MassTransit's
        // publish → RabbitMQ → keyfigures' consumer, which continues the publisher's span from the message's headers.
        var consumer = trace.First(s => s.Service == "keyfigures" && s.Span.Kind == Span.Types.SpanKind.Consumer && ReachesRoot(trace, s, root));
        var path = Ancestry(trace, consumer).Select(s => (s.Service, s.Span.Kind, IsDispatch: s.Span.Name.StartsWith("outbox dispatch", StringComparison.Ordinal))).ToList();
        var economyServer = path.FindIndex(s => s is { Service: "economy", Kind: Span.Types.SpanKind.Server });
        var dispatch = path.FindIndex(s => s is { Service: "economy", IsDispatch: true });
        var publish = path.FindIndex(s => s is { Service: "economy", Kind: Span.Types.SpanKind.Producer });
        var consume = path.FindIndex(s => s is { Service: "keyfigures", Kind: Span.Types.SpanKind.Consumer });
        Assert.True(path[0] is { Service: "gateway", Kind: Span.Types.SpanKind.Server }, string.Join(" → ", path));
        Assert.True(0 < economyServer && economyServer < dispatch && dispatch < publish && publish < consume,
            "expected gateway → economy server → outbox dispatch → publish → keyfigures consumer: " + string.Join(" → ", path));

        // Each side's database work is in the trace too: economy's write and keyfigures' consumer's.
        Assert.Contains(trace, s => s.Service == "economy" && IsDatabase(s) && ReachesRoot(trace, s, root));
        Assert.Contains(trace, s => s.Service == "keyfigures" && IsDatabase(s) && IsAncestor(trace, consumer, s));
        Assert.Equal(["economy", "gateway", "keyfigures"], trace.Select(s => s.Service).Distinct().Order(StringComparer.Ordinal));

        // The outbox row carried it: its traceparent names this trace.
        await using var connection = new NpgsqlConnection(Suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "TraceParent" FROM outbox_messages WHERE "Payload"->>'committeeCode' = $1""", connection)
        {
            Parameters = { new() { Value = committee } },
        };
        var traceParent = (string?)await command.ExecuteScalarAsync();
        Assert.StartsWith($"00-{Convert.ToHexStringLower(root.Span.TraceId.ToByteArray())}-", traceParent);
    }

    [Fact]
    public async Task Every_process_serves_prometheus_metrics()
    {
        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        foreach (var port in new[] { Suite.EconomyPort, Suite.PlanningPort, Suite.KeyFiguresPort })
        {
            var text = await h2c.GetStringAsync($"http://localhost:{port}/metrics");
            Assert.Contains("# TYPE outbox_backlog gauge", text);
            Assert.Contains("# TYPE outbox_oldest_age_seconds gauge", text);
            Assert.Contains("db_client_operation_duration_seconds", text);
        }

        using var http = new HttpClient();
        var gateway = await http.GetStringAsync($"{Suite.GatewayRestAddress}/metrics");
        Assert.Contains("http_server_request_duration_seconds", gateway);
    }

    [Fact]
    public async Task Keyfigures_reports_the_lag_of_the_economy_events_its_batch_consumer_takes()
    {
        // The economy intake is a batch consumer with a set-based inbox of its own; it once recorded no lag at all, while
        // the dashboard's lag panel is there for exactly this consumer (the busiest).
        var committee = NewCommittee("L");
        await Suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -1_000m, -900m)));
        var keyFigures = new KeyFiguresService.KeyFiguresServiceClient(Suite.Grpc);
        var request = new GetKeyFigureRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, ActivityCode = "5731" };
        await Eventually(() => keyFigures.GetKeyFigureAsync(request).ResponseAsync, v => v.NetCostSourceVersion == 1, Timeout, "the economy event to reach keyfigures");

        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var consumer = "consumer=\"ActivityFiguresChangedConsumer\"";
        var lines = (await h2c.GetStringAsync($"http://localhost:{Suite.KeyFiguresPort}/metrics")).Split('\n');
        var count = lines.FirstOrDefault(l => l.StartsWith("inbox_consumer_lag_seconds_count{", StringComparison.Ordinal) && l.Contains(consumer, StringComparison.Ordinal));
        Assert.True(count is not null, "no inbox_consumer_lag_seconds_count for the economy consumer");
        Assert.True(double.Parse(count!.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 1, count);
        Assert.Contains(lines, l => l.StartsWith("inbox_messages_received_total{", StringComparison.Ordinal) && l.Contains(consumer, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("economy", "namnd.economy.v1.EconomyService")]
    [InlineData("planning", "namnd.planning.v1.PlanningService")]
    [InlineData("keyfigures", "namnd.keyfigures.v1.KeyFiguresService")]
    [InlineData("economy", "namnd.export.v1.ExportService")]
    public async Task Each_backend_answers_health_checks_by_the_names_of_the_services_it_serves(string process, string service)
    {
        var port = process switch { "economy" => Suite.EconomyPort, "planning" => Suite.PlanningPort, _ => Suite.KeyFiguresPort };
        using var channel = GrpcChannel.ForAddress($"http://localhost:{port}");
        var health = new Health.HealthClient(channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "live" })).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "namnd.nothing.v1.NothingService" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>The span and its ancestors among the received spans, the root first.</summary>
    private static List<ReceivedSpan> Ancestry(IReadOnlyList<ReceivedSpan> spans, ReceivedSpan span)
    {
        var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var path = new List<ReceivedSpan>();
        for (var current = span; current is not null; current = current.Span.ParentSpanId.IsEmpty ? null : byId.GetValueOrDefault(current.ParentSpanId))
        {
            path.Insert(0, current);
        }

        return path;
    }

    private static ReceivedSpan? Find(IReadOnlyList<ReceivedSpan> spans, string service, Span.Types.SpanKind kind) =>
        spans.FirstOrDefault(s => s.Service == service && s.Span.Kind == kind);

    private static bool IsDatabase(ReceivedSpan span) => span.Attribute("db.system") is not null || span.Attribute("db.system.name") is not null;

    private static bool ReachesRoot(IReadOnlyList<ReceivedSpan> spans, ReceivedSpan span, ReceivedSpan root) => IsAncestor(spans, root, span);

    /// <summary>Whether <paramref name="ancestor"/> is reached from <paramref name="span"/> by following parent ids among the received spans.</summary>
    private static bool IsAncestor(IReadOnlyList<ReceivedSpan> spans, ReceivedSpan ancestor, ReceivedSpan span)
    {
        var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var current = span; current is not null && !current.Span.ParentSpanId.IsEmpty;)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }

            current = byId.GetValueOrDefault(current.ParentSpanId);
        }

        return false;
    }
}
