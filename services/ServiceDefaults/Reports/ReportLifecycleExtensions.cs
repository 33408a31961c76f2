using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.ServiceDefaults.Reports;

public static class ReportLifecycleExtensions
{
    /// <summary>
    /// The service's report lifecycle (namnd.report.v1.ReportService) with its part in adopting a committee's
    /// follow-up by event; call before AddMessaging, which then adds the adoption consumer.
    /// </summary>
    public static IHostApplicationBuilder AddReportLifecycle<TContext, TPart>(this IHostApplicationBuilder builder, string service)
        where TContext : DbContext, IOutboxContext, IAuditContext
        where TPart : ReportPart
    {
        builder.Services.AddScoped<ReportPart, TPart>();
        builder.Services.AddSingleton(new ReportServiceName(service));
        builder.Services.AddScoped<ReportWorkflow<TContext>>();
        return builder;
    }

    public static WebApplication MapReportLifecycle<TContext>(this WebApplication app) where TContext : DbContext, IOutboxContext, IAuditContext
    {
        app.MapGrpcService<ReportGrpcService<TContext>>();
        return app;
    }
}
