using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>A committee's name ("Socialnämnden" for SCN), registered once by kommunledningskontoret.</summary>
public sealed class CommitteeName : ICommitteeScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public string Name { get; private set; } = "";

    private CommitteeName() { }

    public static CommitteeName Create(string municipalityCode, string committeeCode) => new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode };

    public bool Record(string name)
    {
        if (Id != 0 && Name == name)
        {
            return false;
        }
        Name = name;
        return true;
    }
}
