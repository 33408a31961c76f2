namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The whole suite again, every process exporting its traces over OTLP/HTTP to an in-test collector
/// (<see cref="OtlpReceiver"/>). Separate from <see cref="Suite"/> so the other tests run without tracing, as a
/// deployment without a collector does.
/// </summary>
public sealed class TracedSuite : IAsyncLifetime
{
    public TracedSuite()
    {
        Collector = new OtlpReceiver(Ports.Free());
        Suite = new Suite(Path.Combine(AppContext.BaseDirectory, "traced-suite-logs"), new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Spans leave a process within 0.2 s instead of the default 5 s.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
    }

    public OtlpReceiver Collector { get; }
    public Suite Suite { get; }

    public Task InitializeAsync() => Suite.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Suite.DisposeAsync();
        await Collector.DisposeAsync();
    }
}

/// <summary>Not beside the other tests: its four processes start once the plain suite's have finished, not with them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracedSuiteCollection : ICollectionFixture<TracedSuite>
{
    public const string Name = "traced suite";
}
