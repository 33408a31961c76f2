using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.Gateway;

public static class Composition
{
    private static readonly string[] Services = ["economy", "planning", "keyfigures"];

    /// <summary>
    /// gRPC clients of the three services for the composed views, with the shared resilience defaults. They call the
    /// proxy's cluster destinations (<see cref="ClusterDestinations"/>): every replica, the same health and balancing.
    /// </summary>
    public static IHostApplicationBuilder AddComposition(this IHostApplicationBuilder builder)
    {
        builder.AddClusterClient<EconomyService.EconomyServiceClient>("economy");
        builder.AddClusterClient<PlanningService.PlanningServiceClient>("planning");
        builder.AddClusterClient<KeyFiguresService.KeyFiguresServiceClient>("keyfigures");
        foreach (var service in Services)
        {
            builder.AddClusterClient<ReportService.ReportServiceClient>(service, named: true);
        }
        builder.AddEventPublishing();
        builder.Services.AddScoped<AdoptionComposition>();
        return builder;
    }

    private static void AddClusterClient<TClient>(this IHostApplicationBuilder builder, string service, bool named = false) where TClient : Grpc.Core.ClientBase =>
        builder.AddServiceClient<TClient>(service, named, ClusterDestinations.Placeholder(service))
            .AddHttpMessageHandler(services => ActivatorUtilities.CreateInstance<ClusterDestinations>(services, service))
            // Over a plain SocketsHttpHandler the gRPC channel balances by itself: it connects to the channel's address
            // (the placeholder) whatever URI a handler sets. A handler with its own ConnectCallback makes it leave the
            // connection to the handler, and so to the destination ClusterDestinations picked.
            .ConfigurePrimaryHttpMessageHandler((handler, _) => ((SocketsHttpHandler)handler).ConnectCallback = ClusterDestinations.ConnectAsync);
}
