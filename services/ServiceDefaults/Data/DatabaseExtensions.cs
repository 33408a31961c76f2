using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace NamndFollowUp.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's own PostgreSQL database from ConnectionStrings:{name}
    /// (env ConnectionStrings__{name}), and a readiness check on it.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured (env ConnectionStrings__{name}).");

        builder.Services.TryAddSingleton<Messaging.OutboxSignal>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddDbContext<TContext>((services, options) => options
            .UseNpgsql(connectionString)
            .AddInterceptors(
                new Messaging.OutboxSignalInterceptor(services.GetRequiredService<Messaging.OutboxSignal>()),
                new Reports.AuditInterceptor(services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(), services.GetRequiredService<TimeProvider>())));

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"{name}-database");
        return builder;
    }

    /// <summary>
    /// Brings the database to the checked-in migrations before the service takes traffic, as Database:Migrations says
    /// (<see cref="MigrationMode"/>; Apply unless told). PostgreSQL may still be starting (a fresh machine, a pod
    /// scheduled before the database), so connection failures are retried for a while rather than crashing the process.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this WebApplication app) where TContext : DbContext
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
        var mode = app.Configuration.GetValue("Database:Migrations", MigrationMode.Apply);
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>().Handle<TimeoutException>(),
                MaxRetryAttempts = 20,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "Database not reachable yet (attempt {Attempt}); retrying", args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        if (mode == MigrationMode.Wait)
        {
            await WaitForMigrationsAsync<TContext>(app, retry, logger);
            return;
        }

        await retry.ExecuteAsync(async ct =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await db.Database.MigrateAsync(ct);
        }, app.Lifetime.ApplicationStopping);

        if (mode == MigrationMode.ApplyAndExit)
        {
            logger.LogInformation("Database migrated; exiting as Database:Migrations=ApplyAndExit asks");
            // Before the host starts: nothing listens, consumes or dispatches, so there is nothing to stop.
            Environment.Exit(0);
        }
    }

    /// <summary>
    /// Replicas that do not migrate wait until the migration Job has brought the schema to the one they were built
    /// with, so no replica serves against a schema it does not know.
    /// </summary>
    private static async Task WaitForMigrationsAsync<TContext>(WebApplication app, ResiliencePipeline retry, ILogger logger)
        where TContext : DbContext
    {
        while (true)
        {
            var pending = await retry.ExecuteAsync(async ct =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                return (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            }, app.Lifetime.ApplicationStopping);
            if (pending.Count == 0)
            {
                return;
            }

            logger.LogWarning("Waiting for {Count} migrations ({First} …) to be applied by the migration job", pending.Count, pending[0]);
            await Task.Delay(TimeSpan.FromSeconds(2), app.Lifetime.ApplicationStopping);
        }
    }

    private sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("PostgreSQL is not reachable");
    }
}
