using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace NamndFollowUp.ServiceDefaults.Auth;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication. Production: Auth:Authority (the municipality's OIDC identity provider)
    /// and Auth:Audience. Locally and in tests: Auth:SigningKey (HS256, ≥ 32 bytes) and tokens minted by
    /// `scripts/mint-token.sh`. One of the two must be configured: a service never runs open by accident.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"];
        var signingKey = auth["SigningKey"];
        var audience = auth["Audience"] ?? TokenIssuer.DefaultAudience;
        if (string.IsNullOrEmpty(authority) && string.IsNullOrEmpty(signingKey))
        {
            if (Microsoft.EntityFrameworkCore.EF.IsDesignTime)
            {
                return builder; // `dotnet ef` builds the host only to find the DbContext
            }
            throw new InvalidOperationException(
                "Authentication is not configured: set Auth:Authority (+ Auth:Audience) for the identity provider, or Auth:SigningKey for local tokens (env Auth__Authority / Auth__SigningKey).");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Keep the token's own claim names ("sub", "role", "municipality", "committee").
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = audience,
                    NameClaimType = ClaimNames.Subject,
                    RoleClaimType = ClaimNames.Role,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
                if (!string.IsNullOrEmpty(authority))
                {
                    options.Authority = authority;
                    options.RequireHttpsMetadata = !authority.StartsWith("http://", StringComparison.Ordinal);
                }
                else
                {
                    options.TokenValidationParameters.ValidIssuer = auth["Issuer"] ?? TokenIssuer.LocalIssuer;
                    options.TokenValidationParameters.IssuerSigningKey = TokenIssuer.Key(signingKey!);
                }
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}
