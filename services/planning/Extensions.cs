using NamndFollowUp.Documents;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Planning;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PlanningDbContext>("Planning");
        builder.AddReportLifecycle<PlanningDbContext, PlanningReportPart>("planning");
        builder.AddMessaging<PlanningDbContext>();
        builder.AddFactExport<PlanningDbContext>("planning",
            new FactSetDefinition("assignment_status_reports", "Uppdragens status",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "AssignmentNumber"]),
            new FactSetDefinition("follow_ups", "Uppföljning av verksamhetsplan (bedömningar, kommentarer)",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint"]));
        builder.Services.AddSingleton(TimeProvider.System);
        // Economy's result for the focus goal "stark ekonomi" (deadlines, retries, circuit breaker);
        // EconomicResults bounds the whole wait and marks the figure missing when economy is down.
        builder.AddServiceClient<EconomyService.EconomyServiceClient>("economy");
        builder.Services.AddScoped<EconomicResults>();
        builder.Services.AddScoped<NarrativeReview>();
        builder.Services.AddSingleton<PdfPrinter>();
        return builder;
    }
}
