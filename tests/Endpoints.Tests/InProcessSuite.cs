extern alias economy;
extern alias gateway;
extern alias keyfigures;
extern alias planning;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Endpoints.Tests;

/// <summary>
/// The four processes hosted in this test process, each on fresh databases of its own and a RabbitMQ virtual host,
/// long enough to read the endpoints they map. Configuration goes in as environment variables: each Program reads
/// it while its builder is made, before anything a factory could override.
/// </summary>
public sealed class InProcessSuite : IAsyncLifetime
{
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private static readonly string VirtualHost = $"nf-access-{RunId}";
    private static readonly string[] Databases = ["economy", "planning", "keyfigures"];

    private readonly List<IDisposable> _factories = [];

    public IReadOnlyDictionary<string, IReadOnlyList<Endpoint>> Endpoints { get; private set; } = null!;

    private static string Database(string service) => $"nf_access_{RunId}_{service}";

    public async Task InitializeAsync()
    {
        await Postgres.DropDatabasesAsync(Databases.Select(Database));
        RabbitMq.AddVirtualHost(VirtualHost);
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", "Development");
        Environment.SetEnvironmentVariable("Auth__SigningKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
        Environment.SetEnvironmentVariable("ConnectionStrings__RabbitMq", RabbitMq.ConnectionString(VirtualHost));
        Environment.SetEnvironmentVariable("ConnectionStrings__Economy", Postgres.ConnectionString(Database("economy")));
        Environment.SetEnvironmentVariable("ConnectionStrings__Planning", Postgres.ConnectionString(Database("planning")));
        Environment.SetEnvironmentVariable("ConnectionStrings__KeyFigures", Postgres.ConnectionString(Database("keyfigures")));

        Endpoints = new Dictionary<string, IReadOnlyList<Endpoint>>
        {
            ["economy"] = Read(new WebApplicationFactory<economy::Program>()),
            ["planning"] = Read(new WebApplicationFactory<planning::Program>()),
            ["keyfigures"] = Read(new WebApplicationFactory<keyfigures::Program>()),
            ["gateway"] = Read(new WebApplicationFactory<gateway::Program>()),
        };
    }

    private IReadOnlyList<Endpoint> Read<T>(WebApplicationFactory<T> factory) where T : class
    {
        _factories.Add(factory);
        // Services starts the host: the endpoints are those of the application as it runs.
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }
        RabbitMq.Run($"delete_vhost {VirtualHost}", allowFailure: true);
        await Postgres.DropDatabasesAsync(Databases.Select(Database));
    }
}
