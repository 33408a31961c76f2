using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.Planning;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PlanningDbContext>("Planning");
        builder.AddMessaging<PlanningDbContext>();
        builder.Services.AddSingleton(TimeProvider.System);
        // Economy's result for the focus goal "stark ekonomi" (deadlines, retries, circuit breaker);
        // EconomicResults bounds the whole wait and marks the figure missing when economy is down.
        builder.AddServiceClient<EconomyService.EconomyServiceClient>("economy");
        builder.Services.AddScoped<EconomicResults>();
        return builder;
    }
}
