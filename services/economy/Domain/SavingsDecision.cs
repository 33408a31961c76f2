using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// A savings decision as a whole (besparingsbeslut): its date, who decided it, its effects as the decision states
/// them, the requirement it answers (a besparingskrav may be shared by several committees) with this committee's
/// part, and what it has achieved. Its measures are <see cref="SavingsMeasure"/>s with the same reference.
/// </summary>
public sealed class SavingsDecision : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string Reference { get; private set; } = "";
    public DateOnly DecidedOn { get; private set; }
    public string DecidedBy { get; private set; } = "";
    public decimal? FullYearEffect { get; private set; }
    public decimal? EffectThisYear { get; private set; }
    public string? Requirement { get; private set; }
    public decimal? RequirementAmount { get; private set; }
    public decimal? AchievedEffect { get; private set; }
    public string? Description { get; private set; }

    private SavingsDecision() { }

    public static SavingsDecision Create(string municipalityCode, string committeeCode, int year, int periodPoint, string reference) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, Reference = reference };

    public bool Record(DateOnly decidedOn, string decidedBy, decimal? fullYearEffect, decimal? effectThisYear,
        string? requirement, decimal? requirementAmount, decimal? achievedEffect, string? description)
    {
        if (Id != 0 && DecidedOn == decidedOn && DecidedBy == decidedBy && FullYearEffect == fullYearEffect && EffectThisYear == effectThisYear
            && Requirement == requirement && RequirementAmount == requirementAmount && AchievedEffect == achievedEffect && Description == description)
        {
            return false;
        }
        (DecidedOn, DecidedBy, FullYearEffect, EffectThisYear) = (decidedOn, decidedBy, fullYearEffect, effectThisYear);
        (Requirement, RequirementAmount, AchievedEffect, Description) = (requirement, requirementAmount, achievedEffect, description);
        return true;
    }
}
