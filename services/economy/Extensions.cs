using NamndFollowUp.Documents;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Economy;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EconomyDbContext>("Economy");
        builder.AddReportLifecycle<EconomyDbContext, EconomyReportPart>("economy");
        builder.AddMessaging<EconomyDbContext>();
        builder.AddFactExport<EconomyDbContext>("economy",
            new FactSetDefinition("activity_figures", "Ekonomiskt utfall per verksamhet",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode"]));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PdfPrinter>();
        return builder;
    }
}
