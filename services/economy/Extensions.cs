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
        // Imports carry whole ledger exports (a million lines is ~50 MB); other services keep the shared limit.
        builder.Services.AddGrpc().AddServiceOptions<EconomyGrpcService>(options => options.MaxReceiveMessageSize = 128 * 1024 * 1024);
        return builder;
    }
}
