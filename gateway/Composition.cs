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
    /// gRPC clients of the three services for the composed views, with the shared resilience defaults. Their
    /// addresses default to the proxy's cluster destinations, so one setting moves both.
    /// </summary>
    public static IHostApplicationBuilder AddComposition(this IHostApplicationBuilder builder)
    {
        foreach (var service in Services)
        {
            if (string.IsNullOrEmpty(builder.Configuration[$"Services:{service}"]))
            {
                builder.Configuration[$"Services:{service}"] = builder.Configuration[$"ReverseProxy:Clusters:{service}:Destinations:primary:Address"];
            }
        }
        builder.AddServiceClient<EconomyService.EconomyServiceClient>("economy");
        builder.AddServiceClient<PlanningService.PlanningServiceClient>("planning");
        builder.AddServiceClient<KeyFiguresService.KeyFiguresServiceClient>("keyfigures");
        foreach (var service in Services)
        {
            builder.AddServiceClient<ReportService.ReportServiceClient>(service, named: true);
        }
        builder.AddEventPublishing();
        builder.Services.AddScoped<AdoptionComposition>();
        return builder;
    }
}
