using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.Web.Auth;

namespace NamndFollowUp.Web;

public static class SignInExtensions
{
    /// <summary>
    /// A cookie holds who signed in and the token the gateway accepts. It comes from the municipality's OIDC
    /// provider (Oidc:Authority, authorization code with PKCE) or, in development only, from
    /// <see cref="DevSignIn"/>, which mints it with the suite's local key. The app refuses to start with
    /// neither, and refuses to start in Production with the development sign-in configured.
    /// </summary>
    public static IHostApplicationBuilder AddWebSignIn(this IHostApplicationBuilder builder)
    {
        var devSignIn = DevSignIn.FromConfiguration(builder.Configuration, builder.Environment);
        if (devSignIn is not null)
        {
            builder.Services.AddSingleton(devSignIn);
        }
        var oidc = builder.Configuration.GetSection("Oidc");
        var authority = oidc["Authority"];
        if (string.IsNullOrEmpty(authority) && devSignIn is null)
        {
            throw new InvalidOperationException(
                "Sign-in is not configured: set Oidc:Authority and Oidc:ClientId (env Oidc__Authority, Oidc__ClientId) for the municipality's identity provider, or, in Development only, DevSignIn:Enabled=true with Auth:SigningKey.");
        }

        var authentication = builder.Services.AddAuthentication(options =>
        {
            options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        }).AddCookie(options =>
        {
            options.LoginPath = "/logga-in";
            options.LogoutPath = "/konto/logga-ut";
            options.AccessDeniedPath = "/ingen-behorighet";
            options.Cookie.Name = "namnd.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Never outlive the token it carries: the gateway would refuse every call.
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = false;
        });
        if (!string.IsNullOrEmpty(authority))
        {
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, "Kommunens inloggning", options =>
            {
                options.Authority = authority;
                options.ClientId = oidc["ClientId"];
                options.ClientSecret = oidc["ClientSecret"];
                options.RequireHttpsMetadata = !authority.StartsWith("http://", StringComparison.Ordinal);
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                // The access token is what the gateway checks (Auth:Authority/Audience there); kept in the cookie.
                options.SaveTokens = true;
                options.GetClaimsFromUserInfoEndpoint = true;
                // Keep the provider's claim names: municipality, committee, role, as the services read them.
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = ClaimNames.Subject;
                options.TokenValidationParameters.RoleClaimType = ClaimNames.Role;
                options.Scope.Clear();
                foreach (var scope in (oidc["Scopes"] ?? "openid profile").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    options.Scope.Add(scope);
                }
                options.ClaimActions.MapUniqueJsonKey(ClaimNames.Municipality, ClaimNames.Municipality);
                options.ClaimActions.MapUniqueJsonKey(ClaimNames.Committee, ClaimNames.Committee);
                options.ClaimActions.MapJsonKey(ClaimNames.Role, ClaimNames.Role);
            });
        }
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication MapSignInEndpoints(this WebApplication app)
    {
        app.MapGet("/konto/logga-in", (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapPost("/konto/logga-ut", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/logga-in");
        });
        return app;
    }

    /// <summary>Only a path of this app: a sign-in must not send anyone elsewhere (open redirect).</summary>
    public static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
