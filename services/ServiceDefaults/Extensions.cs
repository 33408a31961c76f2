using System.IO.Compression;
using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Net.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NamndFollowUp.ServiceDefaults;

public static class Extensions
{
    private const string LiveTag = "live";
    private const string MetricsPath = "/metrics";

    /// <summary>16 MiB a gRPC message (docs/api.md); larger files go in chunks or to the raw upload routes.</summary>
    public const int MaxReceiveMessageSize = 16 * 1024 * 1024;

    /// <summary>Telemetry, health checks and the gRPC server every service runs the same way.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultAuthentication();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            // Authorization first: a caller who may not call learns nothing about the request's validity.
            options.Interceptors.Add<AuthorizationInterceptor>();
            options.Interceptors.Add<ValidationExceptionInterceptor>();
            // Inside the one above, which turns its refusals into INVALID_ARGUMENT with the fields named.
            options.Interceptors.Add<InputLimitsInterceptor>();
            // Requests larger than this are refused before they reach a service method.
            options.MaxReceiveMessageSize = MaxReceiveMessageSize;
            // Not compressed data, or more than the limit once inflated: the caller's fault, said as such.
            options.CompressionProviders.Add(new CheckedDecompression(new GzipCompressionProvider(CompressionLevel.Fastest), MaxReceiveMessageSize));
            options.CompressionProviders.Add(new CheckedDecompression(new DeflateCompressionProvider(CompressionLevel.Fastest), MaxReceiveMessageSize));
            // No catch-all endpoint for unknown services: a path that names no method selects no endpoint and is
            // answered 404 (UNIMPLEMENTED to a gRPC client), so every endpoint there is has a declared access
            // (tests/Endpoints.Tests lists them).
            options.IgnoreUnknownServices = true;
        }).AddJsonTranscoding(options =>
            // Lets REST callers see the google.rpc.BadRequest details of an InvalidArgument.
            options.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor));
        // Binds every gRPC service as grpc-dotnet does, but a request that does not parse is INVALID_ARGUMENT.
        foreach (var binder in builder.Services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.Name == "BinderServiceMethodProvider`1").ToList())
        {
            builder.Services.Remove(binder);
        }
        builder.Services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(StrictServiceMethodProvider<>));
        // "" reports every check (readiness); "live" only the process itself, so a database outage
        // makes a pod unready without Kubernetes restarting it. Each gRPC service the process serves answers
        // by its own name too (namnd.economy.v1.EconomyService, ...), as readiness: clients and probes that ask
        // about the service they call get an answer instead of NOT_FOUND.
        builder.Services.AddGrpcHealthChecks(options =>
            options.Services.Map("live", registration => registration.Tags.Contains(LiveTag)));
        builder.Services.AddSingleton<GrpcHealthServiceNames>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GrpcHealthServiceNames>());

        builder.Services.AddGrpcReflection();

        return builder;
    }

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        // Named, so a collector and Prometheus tell the processes apart (the SDK's default is unknown_service:dotnet).
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ProcessName.Of(builder.Environment)))
            // Metrics always: Prometheus scrapes /metrics whether or not a collector is configured, and a histogram
            // costs a request little next to a trace.
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("MassTransit", OutboxMetrics.MeterName, InboxMetrics.MeterName)
                .AddPrometheusExporter());

        // Traces and logs only when a collector is configured: recording what nobody exports costs every proxied
        // call two activities and their tags, at the gateway and in each service.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        telemetry
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new SkipUnparentedDatabaseSpans()))
                .AddSource(builder.Environment.ApplicationName, "MassTransit", OutboxTrace.SourceName)
                .AddAspNetCoreInstrumentation(t => t.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments("/healthz") && !ctx.Request.Path.StartsWithSegments(MetricsPath)
                    && !ctx.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .UseOtlpExporter();

        return builder;
    }

    /// <summary>
    /// Health in every environment: Kubernetes probes /healthz/live and /healthz/ready over HTTP, or the
    /// gRPC health service; reflection lets grpcurl and other tools discover the API.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // Default deny on the endpoint the router selected: see EndpointAccessMiddleware.
        app.UseMiddleware<EndpointAccessMiddleware>();
        app.UseMiddleware<RestRequestValidation>();
        app.UseMiddleware<GrpcFrameCheck>();
        app.MapHealthChecks("/healthz/ready").WithMetadata(DeclaredAccess.Anonymous);
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).WithMetadata(DeclaredAccess.Anonymous);
        app.MapHealthChecks("/healthz").WithMetadata(DeclaredAccess.Anonymous);
        app.MapGrpcHealthChecksService();
        // The services are mapped after this (Program.cs), so their names are read as the host starts.
        app.Services.GetRequiredService<GrpcHealthServiceNames>().Endpoints = app;
        app.MapGrpcReflectionService();
        // On its own port when Metrics:Port is set (Kubernetes), so the public ports do not serve it and Prometheus
        // scrapes HTTP/1.1 where the backends' gRPC ports speak only HTTP/2.
        // Anonymous as Prometheus scrapes: counts and durations per route and service, no municipality's data.
        var scrape = app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(DeclaredAccess.Anonymous);
        if (app.Configuration.GetValue<int?>("Metrics:Port") is { } metricsPort)
        {
            scrape.RequireHost($"*:{metricsPort}");
        }
        return app;
    }
}
