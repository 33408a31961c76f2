using Grpc.Core;

namespace NamndFollowUp.Benchmarks.Economy;

/// <summary>Just enough of a server call for invoking the gRPC service class directly.</summary>
public sealed class FakeCallContext : ServerCallContext
{
    protected override string MethodCore => "benchmark";
    protected override string HostCore => "localhost";
    protected override string PeerCore => "benchmark";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore { get; } = [];
    protected override CancellationToken CancellationTokenCore => CancellationToken.None;
    protected override Metadata ResponseTrailersCore { get; } = [];
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore { get; } = new(null, []);
    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
}
