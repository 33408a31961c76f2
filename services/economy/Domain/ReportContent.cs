using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>Investeringar of a committee and period, in kronor.</summary>
public sealed class Investment : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    /// <summary>KF-budget: the investment budget kommunfullmäktige decided.</summary>
    public decimal? MunicipalBudget { get; private set; }
    public decimal? Outcome { get; private set; }
    public decimal? Forecast { get; private set; }
    public string? Comment { get; private set; }

    private Investment() { }

    public static Investment Create(string municipalityCode, string committeeCode, int year, int periodPoint) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint };

    public bool Record(decimal? municipalBudget, decimal? outcome, decimal? forecast, string? comment)
    {
        if (Id != 0 && MunicipalBudget == municipalBudget && Outcome == outcome && Forecast == forecast && Comment == comment)
        {
            return false;
        }
        (MunicipalBudget, Outcome, Forecast, Comment) = (municipalBudget, outcome, forecast, comment);
        return true;
    }
}

/// <summary>
/// A change of an allocation by a decision (ramjustering, omfördelning): decided by KF, KS, both jointly or the
/// committee itself, with its date, reference, reason and amount; it changes the allocation results are measured
/// against. One decision may adjust several times (two lines of one reference, even for one area): they are its
/// adjustments 1, 2, … in the order given, and all are kept.
/// </summary>
public sealed class BudgetAdjustment : IPeriodScoped
{
    /// <summary>The bodies that change an allocation: kommunfullmäktige, kommunstyrelsen, both jointly, the committee.</summary>
    public static readonly string[] DecisionBodies = ["KF", "KS", "KF+KS", "NÄMND"];

    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    /// <summary>The decision's reference (e.g. "KS-2024-00123").</summary>
    public string Reference { get; private set; } = "";
    /// <summary>1, 2, … within the reference: the decision's adjustments in the order given.</summary>
    public int Sequence { get; private set; }
    public string AreaName { get; private set; } = "";
    public decimal Amount { get; private set; }
    /// <summary>One of <see cref="DecisionBodies"/>.</summary>
    public string DecidedBy { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public DateOnly? DecidedOn { get; private set; }

    private BudgetAdjustment() { }

    public static BudgetAdjustment Create(string municipalityCode, string committeeCode, int year, int periodPoint, string reference, int sequence) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, Reference = reference, Sequence = sequence };

    /// <summary>The body as stored ("ks+kf" and "nämnden" read as KF+KS and NÄMND), or null when it is none of <see cref="DecisionBodies"/>.</summary>
    public static string? DecisionBody(string text) => text.Trim().ToUpperInvariant() switch
    {
        "KF" => "KF",
        "KS" => "KS",
        "KF+KS" or "KS+KF" or "KF/KS" or "KS/KF" => "KF+KS",
        "NÄMND" or "NÄMNDEN" or "NAMND" or "COMMITTEE" => "NÄMND",
        _ => null,
    };

    public bool Record(string areaName, decimal amount, string decidedBy, string reason, DateOnly? decidedOn)
    {
        if (Id != 0 && AreaName == areaName && Amount == amount && DecidedBy == decidedBy && Reason == reason && DecidedOn == decidedOn)
        {
            return false;
        }
        (AreaName, Amount, DecidedBy, Reason, DecidedOn) = (areaName, amount, decidedBy, reason, decidedOn);
        return true;
    }
}

/// <summary>One measure of a savings decision, with what it yields over twelve months and this year.</summary>
public sealed class SavingsMeasure : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    /// <summary>The savings decision's reference; with its date and who decided it.</summary>
    public string DecisionReference { get; private set; } = "";
    public DateOnly DecidedOn { get; private set; }
    public string DecidedBy { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool DecidedByCommittee { get; private set; }
    /// <summary>Null: not stated, a valid answer (the decision may give effects only for the whole).</summary>
    public decimal? FullYearEffect { get; private set; }
    public decimal? EffectThisYear { get; private set; }

    private SavingsMeasure() { }

    public static SavingsMeasure Create(string municipalityCode, string committeeCode, int year, int periodPoint, string decisionReference, string name) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, DecisionReference = decisionReference, Name = name };

    public bool Record(DateOnly decidedOn, string decidedBy, bool decidedByCommittee, decimal? fullYearEffect, decimal? effectThisYear)
    {
        if (Id != 0 && DecidedOn == decidedOn && DecidedBy == decidedBy && DecidedByCommittee == decidedByCommittee
            && FullYearEffect == fullYearEffect && EffectThisYear == effectThisYear)
        {
            return false;
        }
        (DecidedOn, DecidedBy, DecidedByCommittee, FullYearEffect, EffectThisYear) = (decidedOn, decidedBy, decidedByCommittee, fullYearEffect, effectThisYear);
        return true;
    }
}

/// <summary>
/// The analysis text under a table, stored with the report. Section: "summary", "area:&lt;name&gt;",
/// "intervention:&lt;name&gt;", "investments" or "unit:&lt;code&gt;" (a unit's comment on its deviation).
/// </summary>
public sealed class Narrative : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string Section { get; private set; } = "";
    public string Text { get; private set; } = "";

    private Narrative() { }

    public static Narrative Create(string municipalityCode, string committeeCode, int year, int periodPoint, string section) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, Section = section };

    public bool Record(string text)
    {
        if (Id != 0 && Text == text)
        {
            return false;
        }
        Text = text;
        return true;
    }
}
