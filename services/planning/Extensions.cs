using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.Planning;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PlanningDbContext>("Planning");
        builder.AddMessaging<PlanningDbContext>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
