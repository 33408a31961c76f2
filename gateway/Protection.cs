using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Gateway;

/// <summary>The front door's protections: rate limits per caller, a request body limit, no CORS unless configured, security headers.</summary>
public static class Protection
{
    public const string PerClientPolicy = "per-client";
    private const string CorsPolicy = "configured-origins";

    public static IHostApplicationBuilder AddGatewayProtection(this IHostApplicationBuilder builder)
    {
        // Kestrel's configuration loader reads endpoints only; without this, "Kestrel:Limits" in appsettings
        // would be silently ignored and every body limited by the 30 MB default. Routes that take whole files
        // (economy's raw uploads) raise it for themselves with YARP's per-route MaxRequestBodySize.
        builder.Services.Configure<KestrelServerOptions>(kestrel => builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));

        var limits = builder.Configuration.GetSection("RateLimiting");
        var permitsPerSecond = limits.GetValue("PermitsPerSecond", 200);
        var burst = limits.GetValue("Burst", 400);

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
            // One bucket per caller identity (the token's subject), else per client address.
            options.AddPolicy(PerClientPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.FindFirst(ClaimNames.Subject)?.Value is { } subject ? $"sub:{subject}" : $"ip:{http.Connection.RemoteIpAddress}",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = permitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });

        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(origins).AllowAnyHeader().WithMethods("GET", "POST", "PUT", "DELETE")
                .WithExposedHeaders("grpc-status", "grpc-message")));
        }
        return builder;
    }

    /// <summary>Security headers and CORS; authentication follows in MapDefaultEndpoints, then the rate limiter.</summary>
    public static WebApplication UseGatewayProtection(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // The printable reports are self-contained HTML with inline styles and nothing else.
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            return next(context);
        });
        if ((app.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).Length > 0)
        {
            app.UseCors(CorsPolicy);
        }
        return app;
    }
}
