using NamndFollowUp.Contracts.Economy.V1;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// What a sum of committees' results is made of (issue #14: every total says what it is derived from): the
/// results the committees state themselves (a result report's stated deviation) and those computed as
/// Allocation − NetCost from their figures, each with how many committees and their sum (kronor).
/// </summary>
public sealed record ResultBasis(decimal? Result, int StatedCommittees, decimal? Stated, int DerivedCommittees, decimal? Derived)
{
    public const string StatedSource = "stated";
    public const string DerivedSource = "allocation_minus_net_cost";

    public static ResultBasis Of(IReadOnlyCollection<CommitteeResultOverview> committees, decimal? total)
    {
        var stated = committees.Where(c => c.ResultSource == StatedSource).Select(c => Kronor.Parse(c.Result)).ToList();
        var derived = committees.Where(c => c.ResultSource == DerivedSource).Select(c => Kronor.Parse(c.Result)).ToList();
        return new ResultBasis(total, stated.Count, stated.Count > 0 ? stated.Sum() : null, derived.Count, derived.Count > 0 ? derived.Sum() : null);
    }

    public int Committees => StatedCommittees + DerivedCommittees;

    /// <summary>"Summan av 16 nämnders resultat: 2 angivna av nämnderna (−49,8 mnkr) och 14 beräknade som kommunbidrag − nettokostnad (−7,0 mnkr)."</summary>
    public string Describe()
    {
        if (Committees == 0)
        {
            return "Ingen nämnd har resultat för perioden.";
        }
        var parts = new List<string>();
        if (StatedCommittees > 0)
        {
            parts.Add($"{StatedCommittees} {(StatedCommittees == 1 ? "angivet" : "angivna")} av nämnden själv ({Kronor.Mnkr(Stated)} mnkr)");
        }
        if (DerivedCommittees > 0)
        {
            parts.Add($"{DerivedCommittees} {(DerivedCommittees == 1 ? "beräknat" : "beräknade")} som kommunbidrag − nettokostnad ({Kronor.Mnkr(Derived)} mnkr)");
        }
        return $"Summan av {Committees} {(Committees == 1 ? "nämnds" : "nämnders")} resultat: {string.Join(" och ", parts)}.";
    }
}
