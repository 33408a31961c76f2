namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// A municipality with one seeded committee and a second, empty one, and the strings only its data holds: a
/// marker in what only the committee may read (a narrative, an assignment comment, an amount) and one in what
/// the whole municipality shares (an activity code's name, a focus goal, a key figure's name).
/// </summary>
public sealed record Tenant(string Municipality, string Committee, string OtherCommittee, string CommitteeMarker, string SharedMarker, string Amount)
{
    /// <summary>What a caller outside the committee must never get back: its marker and its distinctive amount.</summary>
    public IReadOnlyList<string> CommitteeSecrets => [CommitteeMarker, Amount];

    /// <summary>What a caller outside the municipality must never get back.</summary>
    public IReadOnlyList<string> MunicipalitySecrets => [CommitteeMarker, Amount, SharedMarker];
}

/// <summary>
/// The two seeded municipalities. The attacker holds valid tokens of its own municipality with every role and
/// is the target of every generated request; the victim is only ever addressed with tokens that may not reach it.
/// </summary>
public sealed record Tenants(Tenant Attacker, Tenant Victim)
{
    public static Tenants Create() => new(
        new Tenant("7202", "FZB", "FZY", "FZMARK-B-COMMITTEE-4d2f", "FZMARK-B-SHARED-8e1a", "8246813.57"),
        new Tenant("7101", "FZA", "FZX", "FZMARK-A-COMMITTEE-91c7", "FZMARK-A-SHARED-36b0", "7135791.13"));
}
