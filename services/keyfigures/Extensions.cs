using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.KeyFigures;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<KeyFiguresDbContext>("KeyFigures");
        builder.AddMessaging<KeyFiguresDbContext>(bus => bus.AddConsumer<ActivityFiguresChangedConsumer>());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<Recomputation>();
        return builder;
    }
}
