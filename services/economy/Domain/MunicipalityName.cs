using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>A municipality's name ("Uppsala kommun"), registered once by kommunledningskontoret.</summary>
public sealed class MunicipalityName : IMunicipalityScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string Name { get; private set; } = "";

    private MunicipalityName() { }

    public static MunicipalityName Create(string municipalityCode) => new() { MunicipalityCode = municipalityCode };

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
