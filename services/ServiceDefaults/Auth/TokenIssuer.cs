using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NamndFollowUp.ServiceDefaults.Auth;

/// <summary>
/// Mints tokens signed with the configured key, for local runs and tests. In production the
/// municipality's identity provider issues them (Auth:Authority) and this is not used.
/// </summary>
public static class TokenIssuer
{
    public const string LocalIssuer = "namnd-followup-local";
    public const string DefaultAudience = "namnd-followup";

    public static SymmetricSecurityKey Key(string signingKey)
    {
        var bytes = Encoding.UTF8.GetBytes(signingKey);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (256 bits) long.");
        }
        return new SymmetricSecurityKey(bytes);
    }

    public static string Mint(string signingKey, string subject, string municipality, string? committee, IEnumerable<string> roles,
        TimeSpan? lifetime = null, string audience = DefaultAudience)
    {
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, subject),
            new(ClaimNames.Municipality, municipality),
        };
        if (!string.IsNullOrEmpty(committee))
        {
            claims.Add(new Claim(ClaimNames.Committee, committee));
        }
        claims.AddRange(roles.Select(r => new Claim(ClaimNames.Role, r)));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = LocalIssuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(Key(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }
}
