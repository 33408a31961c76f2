using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Adoption;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.Economy;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EconomyDbContext>("Economy");
        builder.AddFollowUpAdoption<EconomyDbContext, EconomyFollowUpPart>("economy");
        builder.AddMessaging<EconomyDbContext>();
        builder.AddFactExport<EconomyDbContext>("economy",
            new FactSetDefinition("activity_figures", "Ekonomiskt utfall per verksamhet",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode"]));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
