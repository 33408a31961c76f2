using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace NamndFollowUp.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ (ConnectionStrings:RabbitMq, e.g. amqp://guest:guest@localhost:5672/),
    /// the outbox dispatcher for <typeparamref name="TContext"/>, and the service's consumers.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TContext : DbContext, IOutboxContext, Reports.IAuditContext
    {
        var connection = new Uri(builder.Configuration.GetConnectionString("RabbitMq") ?? "amqp://guest:guest@localhost:5672/");
        // "keyfigures": the prefix of the service's queue names.
        var serviceName = Telemetry.ProcessName.Of(builder.Environment);

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddHostedService<OutboxListener<TContext>>();
        builder.Services.AddHostedService<OutboxBacklogSampler<TContext>>();
        builder.Services.AddSingleton<BusStartedOnce>();
        builder.Services.AddBusObserver(services => services.GetRequiredService<BusStartedOnce>());
        builder.Services.AddHealthChecks().AddCheck<BusStartedOnce>("bus-started-once");
        // Consumers take events again as soon as the broker is back, not at the end of MassTransit's reconnect back-off.
        builder.Services.AddSingleton(BrokerAddress.Of(connection));
        builder.Services.AddSingleton<ReceiveEndpointRevival>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReceiveEndpointRevival>());
        builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<ReceiveEndpointRevival>());
        // And told when the bus stops, so it starts nothing again behind the bus's back at shutdown.
        builder.Services.AddBusObserver(services => services.GetRequiredService<ReceiveEndpointRevival>());

        builder.Services.AddMassTransit(bus =>
        {
            // Queues are named per service, so every service gets its own copy of an event.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            // A broker outage does not make the service unready: its writes wait safely in the outbox.
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.MinimalFailureStatus = HealthStatus.Degraded;
                health.Tags.Clear();
                health.Tags.Add("broker");
            });
            // Quorum queues: replicated across a RabbitMQ cluster's nodes (the cluster operator's default of three), so a
            // node's loss or restart loses no event and the service's replicas keep consuming. Messaging:QuorumQueues=false
            // keeps classic queues, for a virtual host whose queues were declared classic before (RabbitMQ refuses to
            // redeclare a queue with another type: delete them, or set this, when upgrading such a broker).
            if (builder.Configuration.GetValue("Messaging:QuorumQueues", true))
            {
                bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }
            addConsumers?.Invoke(bus);
            // A service that declared its part in a committee's follow-up (AddReportLifecycle, called
            // before this) adopts it when the committee's decision arrives.
            if (builder.Services.Any(d => d.ServiceType == typeof(Reports.ReportServiceName)))
            {
                bus.AddConsumer<Adoption.FollowUpAdoptionConsumer<TContext>>();
            }

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.ConfigureHost(connection);
                // Transient consumer failures (a database blip, an inbox race) are retried in place;
                // what still fails goes to the queue's _error queue, never silently dropped.
                rabbit.UseMessageRetry(retry => retry.Exponential(8, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Publishing only, for a process without a database of its own (the gateway): no outbox, so a
    /// publish that the broker does not confirm in time fails the request instead of being kept.
    /// </summary>
    public static IHostApplicationBuilder AddEventPublishing(this IHostApplicationBuilder builder)
    {
        var connection = new Uri(builder.Configuration.GetConnectionString("RabbitMq") ?? "amqp://guest:guest@localhost:5672/");
        builder.Services.AddMassTransit(bus =>
        {
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.MinimalFailureStatus = HealthStatus.Degraded;
                health.Tags.Clear();
                health.Tags.Add("broker");
            });
            bus.UsingRabbitMq((_, rabbit) => rabbit.ConfigureHost(connection));
        });
        return builder;
    }

    private static void ConfigureHost(this IRabbitMqBusFactoryConfigurator rabbit, Uri connection)
    {
        var userInfo = connection.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(connection.AbsolutePath.TrimStart('/'));
        rabbit.Host(connection.Host, connection.IsDefaultPort ? (ushort)5672 : (ushort)connection.Port,
            string.IsNullOrEmpty(virtualHost) ? "/" : virtualHost, host =>
            {
                host.Username(Uri.UnescapeDataString(userInfo[0]));
                host.Password(userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "");
            });
    }
}
