using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning.Domain;

/// <summary>Kommunfullmäktige's goal of a year, shared by every committee of the municipality.</summary>
public sealed class FocusGoal : IMunicipalityScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public int Year { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    /// <summary>The goal under which committees show their economic result (the seed's "stark ekonomi").</summary>
    public bool ShowsEconomicResult { get; private set; }

    private FocusGoal() { }

    public static FocusGoal Create(string municipalityCode, int year, int number) =>
        new() { MunicipalityCode = municipalityCode, Year = year, Number = number };

    public void Define(string title, bool showsEconomicResult)
    {
        Title = title;
        ShowsEconomicResult = showsEconomicResult;
    }
}

/// <summary>A numbered task in the municipality's budget, given to one or more committees.</summary>
public sealed class Assignment : IMunicipalityScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public int Year { get; private set; }
    public int Number { get; private set; }
    public string Text { get; private set; } = "";
    public int FocusGoalNumber { get; private set; }
    public List<string> CommitteeCodes { get; private set; } = [];

    private Assignment() { }

    public static Assignment Create(string municipalityCode, int year, int number) =>
        new() { MunicipalityCode = municipalityCode, Year = year, Number = number };

    public void Define(string text, int focusGoalNumber, IEnumerable<string> committeeCodes)
    {
        Text = text;
        FocusGoalNumber = focusGoalNumber;
        CommitteeCodes = committeeCodes.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public bool IsGivenTo(string committeeCode) => CommitteeCodes.Count == 0 || CommitteeCodes.Contains(committeeCode);
}
