using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// Lets gRPC health answer by the name of each service the process serves (namnd.economy.v1.EconomyService, ...), as
/// readiness. The names are known only once Program.cs has mapped the services, and they are added before any hosted
/// service starts (<see cref="IHostedLifecycleService.StartingAsync"/>): added at ApplicationStarted, they raced the
/// health-check publisher, which was already enumerating the same mappings ("Collection was modified" in keyfigures'
/// start-up log).
/// </summary>
public sealed class GrpcHealthServiceNames(IOptions<GrpcHealthChecksOptions> options) : IHostedLifecycleService
{
    /// <summary>The application's endpoints, set when the default endpoints are mapped and read when the host starts.</summary>
    public IEndpointRouteBuilder? Endpoints { get; set; }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var names = (Endpoints?.DataSources ?? []).SelectMany(d => d.Endpoints)
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.ServiceName)
            .OfType<string>()
            .Where(name => !name.StartsWith("grpc.", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            options.Value.Services.Map(name, _ => true);
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
