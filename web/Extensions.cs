using System.Globalization;
using Microsoft.AspNetCore.Localization;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.Web.Domain;
using NamndFollowUp.Web.Gateway;

namespace NamndFollowUp.Web;

public static class Extensions
{
    /// <summary>Pages, the overview's and a committee's readers, a committee's work.</summary>
    public static IHostApplicationBuilder AddWebApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks();
        builder.Services.AddRazorComponents();
        // Swedish letters as themselves, not as &#xE5; (the default encoder escapes all but Latin-1's basics).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddHttpContextAccessor();
        builder.Services.Configure<PeriodDefaults>(builder.Configuration.GetSection("Period"));
        builder.Services.AddScoped<OverviewReader>();
        builder.Services.AddScoped<CommitteeReader>();
        builder.Services.AddScoped<ReportLifecycleClient>();
        builder.Services.AddScoped<CommitteeWork>();
        builder.Services.AddSingleton<PendingUploads>();
        return builder;
    }

    public static WebApplication UseWebDefaults(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fel", createScopeForErrors: true);
        }
        // Swedish numbers and dates whatever the server's locale: "−23,5 mnkr", "7 februari 2025".
        var swedish = new CultureInfo("sv-SE");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(swedish),
            SupportedCultures = [swedish],
            SupportedUICultures = [swedish],
        });
        app.Use(async (context, next) =>
        {
            // The pages need no script from elsewhere, no frames and no plug-ins.
            context.Response.Headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            await next();
        });
        app.MapStaticAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
