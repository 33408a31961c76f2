using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Web.Domain;

public static class RoleNames
{
    public static string Of(string role) => role switch
    {
        Roles.CommitteeWriter => "Nämndens rapportör",
        Roles.CommitteeReader => "Nämndens läsare",
        Roles.MunicipalOffice => "Kommunledningskontoret",
        Roles.BiReader => "BI-läsare",
        _ => role,
    };

    /// <summary>"Nämndens rapportör, SCN (kommun 0380)".</summary>
    public static string Describe(Caller? caller) => caller is null
        ? ""
        : $"{string.Join(", ", caller.Roles.Select(Of))}{(caller.Committee is { Length: > 0 } c ? ", " + c : "")} (kommun {caller.Municipality})";
}
