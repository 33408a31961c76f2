using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Web.Auth;

/// <summary>
/// Development's sign-in: the person picks municipality, committee and role, and the app mints the same
/// token <c>scripts/mint-token.sh</c> would, with the key the suite validates with (Auth:SigningKey). Configured
/// by DevSignIn:Enabled; outside Development the app refuses to start with it, because anyone could then be
/// anyone.
/// </summary>
public sealed class DevSignIn(string signingKey)
{
    public const string TokenName = "access_token";

    public static DevSignIn? FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!configuration.GetValue<bool>("DevSignIn:Enabled"))
        {
            return null;
        }
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"DevSignIn:Enabled is set in the '{environment.EnvironmentName}' environment. The development sign-in lets anyone choose any role and is allowed only in Development; remove DevSignIn__Enabled and configure Oidc:Authority.");
        }
        var key = configuration["Auth:SigningKey"];
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidOperationException("DevSignIn:Enabled needs Auth:SigningKey, the key the suite validates tokens with (scripts/run.sh keeps it in .run/signing-key).");
        }
        TokenIssuer.Key(key); // refuses a key shorter than 256 bits now rather than at the first sign-in
        return new DevSignIn(key);
    }

    /// <summary>Refuses a choice the suite would refuse too, with the reason in Swedish; null when it is fine.</summary>
    public static string? Check(string? municipality, string? committee, string? role)
    {
        if (string.IsNullOrWhiteSpace(municipality) || municipality.Length != 4 || !municipality.All(char.IsAsciiDigit))
        {
            return "Kommunkoden ska vara fyra siffror (t.ex. 0380).";
        }
        if (role is null || !Roles.All.Contains(role))
        {
            return "Välj en roll.";
        }
        if (role is Roles.CommitteeWriter or Roles.CommitteeReader)
        {
            if (string.IsNullOrWhiteSpace(committee))
            {
                return "En nämndroll behöver en nämnd.";
            }
            if (committee.Length > 32 || !committee.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return "Nämndkoden får bara innehålla bokstäver a–z, siffror, - och _ (högst 32 tecken).";
            }
        }
        return null;
    }

    public async Task SignInAsync(HttpContext context, string municipality, string? committee, string role)
    {
        if (role is not (Roles.CommitteeWriter or Roles.CommitteeReader))
        {
            committee = null;
        }
        var subject = $"dev:{role}@{municipality}{(committee is null ? "" : "/" + committee)}";
        var lifetime = TimeSpan.FromHours(8);
        var token = TokenIssuer.Mint(signingKey, subject, municipality, committee, [role], lifetime);
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, subject),
            new(ClaimNames.Municipality, municipality),
            new(ClaimNames.Role, role),
        };
        if (committee is not null)
        {
            claims.Add(new Claim(ClaimNames.Committee, committee));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "dev", ClaimNames.Subject, ClaimNames.Role));
        var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow + lifetime, IsPersistent = false };
        properties.StoreTokens([new AuthenticationToken { Name = TokenName, Value = token }]);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
    }

    /// <summary>A municipal-office token for the sign-in page's list of committees (development only).</summary>
    public string OfficeToken(string municipality) =>
        TokenIssuer.Mint(signingKey, "dev:sign-in-page", municipality, null, [Roles.MunicipalOffice], TimeSpan.FromMinutes(1));
}
