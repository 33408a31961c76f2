extern alias economy;
extern alias keyfigures;
extern alias planning;

using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NamndFollowUp.EndToEnd.Tests;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Economy, planning and key figures hosted in this test process, each on a fresh database of its own and one
/// RabbitMQ virtual host (so key figures hears economy's events as in production). Requests go in memory to the
/// service the gateway would route them to. Configuration goes in as environment variables: each Program reads
/// it while its builder is made, before anything a factory could override (the pattern of Endpoints.Tests).
/// </summary>
public sealed class ServiceHosts : IAsyncLifetime, ISuiteApi
{
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private static readonly string VirtualHost = $"nf-functional-{RunId}";
    private static readonly string[] Services = ["economy", "planning", "keyfigures"];

    private readonly Dictionary<string, HttpMessageHandler> _handlers = [];
    private readonly List<IDisposable> _factories = [];
    private GrpcChannel _channel = null!;

    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public HttpClient Rest { get; private set; } = null!;
    public CallInvoker Grpc { get; private set; } = null!;

    public string Token(string municipality, string? committee, params string[] roles) =>
        ServiceDefaults.Auth.TokenIssuer.Mint(SigningKey, $"test:{string.Join('+', roles)}@{municipality}/{committee}", municipality, committee, roles);

    public string ConnectionString(string service) => Postgres.ConnectionString(Database(service));

    /// <summary>A client with no token attached, routed like <see cref="Rest"/>: for tests that send their own.</summary>
    public HttpClient AnonymousRest() => new(new ServiceRouter(_handlers), disposeHandler: true) { BaseAddress = new Uri("http://localhost") };

    private static string Database(string service) => $"nf_functional_{RunId}_{service}";

    public async Task InitializeAsync()
    {
        await Postgres.DropDatabasesAsync(Services.Select(Database));
        RabbitMq.AddVirtualHost(VirtualHost);
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", "Development");
        Environment.SetEnvironmentVariable("Auth__SigningKey", SigningKey);
        Environment.SetEnvironmentVariable("ConnectionStrings__RabbitMq", RabbitMq.ConnectionString(VirtualHost));
        Environment.SetEnvironmentVariable("ConnectionStrings__Economy", ConnectionString("economy"));
        Environment.SetEnvironmentVariable("ConnectionStrings__Planning", ConnectionString("planning"));
        Environment.SetEnvironmentVariable("ConnectionStrings__KeyFigures", ConnectionString("keyfigures"));
        // Planning reads results from economy: its client reaches the hosted economy in memory (below).
        Environment.SetEnvironmentVariable("Services__economy", "http://economy.in-process");
        Environment.SetEnvironmentVariable("Outbox__PollInterval", "00:00:00.500");
        Environment.SetEnvironmentVariable("RateLimiting__PermitsPerSecond", "100000");
        Environment.SetEnvironmentVariable("RateLimiting__Burst", "100000");

        var economyHost = Host(new WebApplicationFactory<economy::Program>());
        _handlers["economy"] = economyHost.Server.CreateHandler();
        _handlers["planning"] = Host(new WebApplicationFactory<planning::Program>().WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddHttpClient(nameof(Contracts.Economy.V1.EconomyService.EconomyServiceClient))
                .ConfigurePrimaryHttpMessageHandler(() => economyHost.Server.CreateHandler())))).Server.CreateHandler();
        _handlers["keyfigures"] = Host(new WebApplicationFactory<keyfigures::Program>().WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddHttpClient(nameof(Contracts.Economy.V1.EconomyService.EconomyServiceClient))
                .ConfigurePrimaryHttpMessageHandler(() => economyHost.Server.CreateHandler())))).Server.CreateHandler();

        var router = new ServiceRouter(_handlers);
        Rest = new HttpClient(new TrustedClientTokens(this) { InnerHandler = router }) { BaseAddress = new Uri("http://localhost") };
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = router, DisposeHttpClient = false });
        Grpc = _channel.CreateCallInvoker().Intercept(new TrustedClientGrpcTokens(this));
        await TestActivities.RegisterAsync(Rest);
    }

    private WebApplicationFactory<T> Host<T>(WebApplicationFactory<T> factory) where T : class
    {
        _factories.Add(factory);
        _ = factory.Server; // starts the host: migrations, the bus, the outbox dispatcher
        return factory;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        Rest?.Dispose();
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }
        RabbitMq.Run($"delete_vhost {VirtualHost}", allowFailure: true);
        await Postgres.DropDatabasesAsync(Services.Select(Database));
    }

    /// <summary>
    /// The gateway's routing without the gateway: REST by /api/v1/{service}/, gRPC by the package
    /// (namnd.{service}.v1.…) or, for the shared report and export contracts, the namnd-service header.
    /// </summary>
    private sealed class ServiceRouter(IReadOnlyDictionary<string, HttpMessageHandler> handlers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var service = handlers.Keys.FirstOrDefault(s => path.StartsWith($"/api/v1/{s}/", StringComparison.Ordinal) || path.StartsWith($"/namnd.{s}.v1.", StringComparison.Ordinal))
                ?? (request.Headers.TryGetValues("namnd-service", out var named) ? named.FirstOrDefault() : null)
                ?? throw new InvalidOperationException($"no hosted service answers {path}");
            return new HttpMessageInvoker(handlers[service], disposeHandler: false).SendAsync(request, cancellationToken);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceHostsCollection : ICollectionFixture<ServiceHosts>
{
    public const string Name = "service-hosts";
}
