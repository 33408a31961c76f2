using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.Economy;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EconomyDbContext>("Economy");
        builder.AddMessaging<EconomyDbContext>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
