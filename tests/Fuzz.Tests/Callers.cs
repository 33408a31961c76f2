using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>Who sends a request aimed at the victim's data, none of whom may read what the victim's committee holds.</summary>
public enum Caller
{
    /// <summary>The attacker's office and BI, every role: another municipality.</summary>
    OtherMunicipality,
    /// <summary>A writer of the victim's other committee.</summary>
    OtherCommitteeWriter,
    /// <summary>A reader of the victim's other committee.</summary>
    OtherCommitteeReader,
    /// <summary>The victim committee's own reader: may read, may change nothing.</summary>
    ReaderOfTheCommittee,
    /// <summary>The victim committee's writer with every role, but expired an hour ago.</summary>
    Expired,
    /// <summary>The victim's claims with every role, unsigned (alg "none").</summary>
    AlgNone,
    /// <summary>The victim's claims with every role, signed with a key nobody trusts.</summary>
    WrongKey,
    /// <summary>No token at all.</summary>
    Anonymous,
}

public static class Callers
{
    /// <summary>Callers outside the victim municipality (or not authenticated): every answer to them is a refusal.</summary>
    public static bool IsOutsider(Caller caller) => caller is not (Caller.OtherCommitteeWriter or Caller.OtherCommitteeReader or Caller.ReaderOfTheCommittee);

    public static string? Token(FuzzSuite suite, Caller caller)
    {
        var victim = suite.Tenants.Victim;
        return caller switch
        {
            Caller.OtherMunicipality => suite.Token(suite.Tenants.Attacker, Roles.All),
            Caller.OtherCommitteeWriter => suite.Token(victim.Municipality, victim.OtherCommittee, Roles.CommitteeWriter),
            Caller.OtherCommitteeReader => suite.Token(victim.Municipality, victim.OtherCommittee, Roles.CommitteeReader),
            Caller.ReaderOfTheCommittee => suite.Token(victim, Roles.CommitteeReader),
            Caller.Expired => Signed(suite.SigningKey, victim, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1)),
            Caller.WrongKey => Signed(Convert.ToBase64String(new byte[48]), victim, DateTime.UtcNow, DateTime.UtcNow.AddHours(1)),
            Caller.AlgNone => Unsigned(victim),
            _ => null,
        };
    }

    /// <summary>What the caller may not get back: the municipality's data for outsiders, the committee's for the others.</summary>
    public static IReadOnlyList<string> Secrets(Tenant victim, Caller caller) => caller switch
    {
        Caller.ReaderOfTheCommittee => [],
        Caller.OtherCommitteeWriter or Caller.OtherCommitteeReader => victim.CommitteeSecrets,
        _ => victim.MunicipalitySecrets,
    };

    private static string Signed(string key, Tenant victim, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(Claims(victim)),
            Issuer = TokenIssuer.LocalIssuer,
            Audience = TokenIssuer.DefaultAudience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(TokenIssuer.Key(key), SecurityAlgorithms.HmacSha256),
        });

    private static string Unsigned(Tenant victim)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var roles = string.Join(",", Roles.All.Select(r => $"\"{r}\""));
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"sub\":\"fuzz\",\"municipality\":\"{victim.Municipality}\",\"committee\":\"{victim.Committee}\",\"role\":[{roles}],\"iss\":\"{TokenIssuer.LocalIssuer}\",\"aud\":\"{TokenIssuer.DefaultAudience}\",\"nbf\":{now - 60},\"iat\":{now - 60},\"exp\":{now + 3600}}}")}.";
    }

    private static IEnumerable<Claim> Claims(Tenant victim) =>
    [
        new(ClaimNames.Subject, "fuzz"), new(ClaimNames.Municipality, victim.Municipality), new(ClaimNames.Committee, victim.Committee),
        .. Roles.All.Select(r => new Claim(ClaimNames.Role, r)),
    ];
}
