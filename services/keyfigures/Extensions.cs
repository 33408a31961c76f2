using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.KeyFigures;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<KeyFiguresDbContext>("KeyFigures");
        builder.AddReportLifecycle<KeyFiguresDbContext, KeyFiguresReportPart>("keyfigures");
        builder.AddFactExport<KeyFiguresDbContext>("keyfigures",
            new FactSetDefinition("computed_key_figures", "Nyckeltal",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "DefinitionCode"]),
            new FactSetDefinition("entered_inputs", "Registrerade uppgifter",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "DefinitionCode", "InputName"]));
        builder.AddMessaging<KeyFiguresDbContext>(bus => bus.AddConsumer<ActivityFiguresChangedConsumer>(typeof(ActivityFiguresChangedConsumerDefinition)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<Recomputation>();
        builder.Services.AddScoped<EconomyIntake>();
        builder.Services.AddSingleton<DefinitionCache>();
        builder.Services.AddSingleton<NamndFollowUp.Documents.PdfPrinter>();
        // The sheet's header names the committee and municipality as registered in economy (RegisteredNames).
        builder.AddServiceClient<NamndFollowUp.Contracts.Economy.V1.EconomyService.EconomyServiceClient>("economy");
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<RegisteredNames>();
        return builder;
    }
}
