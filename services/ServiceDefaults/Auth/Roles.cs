using System.Security.Claims;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.ServiceDefaults.Auth;

/// <summary>The roles a token can carry (claim "role", one or more).</summary>
public static class Roles
{
    /// <summary>Writes (and reads) its own committee's data.</summary>
    public const string CommitteeWriter = "committee_writer";
    /// <summary>Reads its own committee's data.</summary>
    public const string CommitteeReader = "committee_reader";
    /// <summary>Kommunledningskontoret: reads every committee of its municipality, puts the special-reporting
    /// questions, defines what the municipality shares; adopts nothing on a committee's behalf.</summary>
    public const string MunicipalOffice = "municipal_office";
    /// <summary>The municipality's BI platform: reads everything of its municipality, writes nothing.</summary>
    public const string BiReader = "bi_reader";

    public static readonly string[] All = [CommitteeWriter, CommitteeReader, MunicipalOffice, BiReader];
}

public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Municipality = "municipality";
    public const string Committee = "committee";
}

/// <summary>Who is calling, as the token says.</summary>
public sealed record Caller(string Subject, string Municipality, string? Committee, IReadOnlySet<string> Roles)
{
    public static Caller? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var municipality = user.FindFirst(ClaimNames.Municipality)?.Value;
        if (string.IsNullOrEmpty(municipality))
        {
            return null;
        }
        return new Caller(
            user.FindFirst(ClaimNames.Subject)?.Value ?? "unknown",
            municipality,
            user.FindFirst(ClaimNames.Committee)?.Value,
            user.FindAll(ClaimNames.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }
}

public enum Decision
{
    Allowed,
    Unauthenticated,
    Denied,
}

/// <summary>Who may call an RPC of a given access, on which municipality and committee.</summary>
public static class AccessPolicy
{
    public static (Decision Decision, string Reason) Decide(Access access, Caller? caller, string? municipality, string? committee)
    {
        if (caller is null)
        {
            return (Decision.Unauthenticated, "a bearer token is required");
        }
        if (access == Access.Unspecified)
        {
            return (Decision.Denied, "the RPC declares no access");
        }
        if (string.IsNullOrEmpty(municipality) || municipality != caller.Municipality)
        {
            // Quoted short: the reason travels in trailers, and a megabyte echoed back outgrows every proxy's header limit.
            return (Decision.Denied, $"the token is for municipality {caller.Municipality}, the request for '{InputLimits.Shorten(municipality ?? "")}'");
        }
        var ownCommittee = caller.Committee is { Length: > 0 } c && c == committee;
        bool Has(string role) => caller.Roles.Contains(role);

        var allowed = access switch
        {
            Access.CommitteeRead => Has(Roles.MunicipalOffice) || Has(Roles.BiReader)
                || ((Has(Roles.CommitteeWriter) || Has(Roles.CommitteeReader)) && ownCommittee),
            Access.CommitteeWrite => Has(Roles.CommitteeWriter) && ownCommittee,
            Access.MunicipalityRead => Has(Roles.MunicipalOffice) || Has(Roles.BiReader),
            Access.MunicipalitySharedRead => caller.Roles.Overlaps(Roles.All),
            Access.MunicipalOffice => Has(Roles.MunicipalOffice),
            Access.CommitteeImports => Has(Roles.MunicipalOffice) || (Has(Roles.CommitteeWriter) && ownCommittee),
            _ => false,
        };
        return allowed
            ? (Decision.Allowed, "")
            : (Decision.Denied, $"roles [{string.Join(", ", caller.Roles)}] of committee '{caller.Committee}' may not {Describe(access)} of committee '{InputLimits.Shorten(committee ?? "")}'");
    }

    private static string Describe(Access access) => access switch
    {
        Access.CommitteeRead => "read the data",
        Access.CommitteeWrite => "change the data",
        Access.MunicipalityRead => "read the municipality-wide data",
        Access.MunicipalitySharedRead => "read the shared data",
        Access.MunicipalOffice => "act as the municipal office",
        Access.CommitteeImports => "follow the imports",
        _ => "call this",
    };
}
