using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures.Domain;

public enum InputSource
{
    Entered = 1,
    /// <summary>From the committee's own system in bulk; kept apart so the sheet can say where a number came from.</summary>
    Imported = 2,
}

/// <summary>A value the committee entered or imported for one input of a definition, for one period.</summary>
public sealed class EnteredInput : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string DefinitionCode { get; private set; } = "";
    public string InputName { get; private set; } = "";
    public decimal Value { get; private set; }
    public InputSource Source { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private EnteredInput() { }

    public static EnteredInput Create(string municipality, string committee, int year, int point, string definition, string input) =>
        new() { MunicipalityCode = municipality, CommitteeCode = committee, Year = year, PeriodPoint = point, DefinitionCode = definition, InputName = input };

    public bool Set(decimal value, InputSource source, DateTimeOffset now)
    {
        if (Value == value && Source == source && Id != 0)
        {
            return false;
        }
        Value = value;
        Source = source;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>
/// An economy figure row (committee × activity × unit × period) as its latest event carried it. Kept whole,
/// so a definition saved later finds the costs that arrived before it.
/// </summary>
public sealed class EconomyFigure : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string ActivityCode { get; private set; } = "";
    public string UnitCode { get; private set; } = "";
    public decimal? Actual { get; private set; }
    public decimal? Costs { get; private set; }
    public decimal? Income { get; private set; }
    public decimal? InterventionCost { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    private EconomyFigure() { }

    public EconomyAmounts Amounts => new(Actual, Costs, Income, InterventionCost, Version);

    public static EconomyFigure Create(ActivityFiguresChanged e) => new()
    {
        MunicipalityCode = e.MunicipalityCode, CommitteeCode = e.CommitteeCode, Year = e.Year, PeriodPoint = e.PeriodPoint,
        ActivityCode = e.ActivityCode, UnitCode = e.UnitCode,
    };

    /// <summary>Takes the event's measures unless an equal or newer version was applied: events come late and twice.</summary>
    public bool Apply(ActivityFiguresChanged e)
    {
        if (e.Version <= Version)
        {
            return false;
        }
        (Actual, Costs, Income, InterventionCost, Version, ChangedAt) = (e.Actual, e.Costs, e.Income, e.InterventionCost, e.Version, e.ChangedAt);
        return true;
    }
}

/// <summary>
/// The computed value of a definition for a committee and period, kept so that readers, comparisons and the
/// adopted report see one number, and so that a change after adoption is flagged with the adopted value kept.
/// Never entered: only <see cref="Apply"/> writes it, from a computation.
/// </summary>
public sealed class ComputedKeyFigure : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string DefinitionCode { get; private set; } = "";
    public string ActivityCode { get; private set; } = "";
    public decimal? Value { get; private set; }
    public string? NotComputableReason { get; private set; }
    public string Shown { get; private set; } = "";
    public DateTimeOffset ComputedAt { get; private set; }
    /// <summary>The value when the report was last adopted; kept when an input changes afterwards.</summary>
    public bool WasAdopted { get; private set; }
    public decimal? AdoptedValue { get; private set; }
    public string? AdoptedShown { get; private set; }
    public bool ChangedAfterAdoption { get; private set; }

    private ComputedKeyFigure() { }

    /// <summary>A stored value as read with SQL by a set-based writer (the economy consumer), to apply a computation to.</summary>
    public static ComputedKeyFigure Restore(long id, string municipality, string committee, int year, int point, string definitionCode,
        string activityCode, decimal? value, string? notComputableReason, string shown, DateTimeOffset computedAt, bool wasAdopted,
        decimal? adoptedValue, string? adoptedShown, bool changedAfterAdoption) =>
        new()
        {
            Id = id, MunicipalityCode = municipality, CommitteeCode = committee, Year = year, PeriodPoint = point,
            DefinitionCode = definitionCode, ActivityCode = activityCode, Value = value, NotComputableReason = notComputableReason,
            Shown = shown, ComputedAt = computedAt, WasAdopted = wasAdopted, AdoptedValue = adoptedValue, AdoptedShown = adoptedShown,
            ChangedAfterAdoption = changedAfterAdoption,
        };

    public static ComputedKeyFigure Create(string municipality, string committee, int year, int point, KeyFigureDefinition definition) =>
        new() { MunicipalityCode = municipality, CommitteeCode = committee, Year = year, PeriodPoint = point, DefinitionCode = definition.Code, ActivityCode = definition.ActivityCode };

    /// <summary>
    /// Takes a new computation. Returns false when nothing changed. After adoption the value still follows
    /// its inputs (economy's figures cannot be refused), but it is flagged against the adopted one until the
    /// committee adopts again.
    /// </summary>
    public bool Apply(KeyFigureComputation computation, DateTimeOffset now)
    {
        if (Id != 0 && Value == computation.Value && NotComputableReason == computation.NotComputableReason && Shown == computation.Shown)
        {
            return false;
        }
        Value = computation.Value;
        NotComputableReason = computation.NotComputableReason;
        Shown = computation.Shown;
        ComputedAt = now;
        if (WasAdopted)
        {
            ChangedAfterAdoption = Value != AdoptedValue;
        }
        return true;
    }

    /// <summary>The committee adopted its report: this value is the adopted one.</summary>
    public void MarkAdopted()
    {
        WasAdopted = true;
        AdoptedValue = Value;
        AdoptedShown = Shown;
        ChangedAfterAdoption = false;
    }

    /// <summary>This value as it goes out in <see cref="KeyFigureValuesRecomputed"/>.</summary>
    public RecomputedKeyFigureValue ToRecomputedValue() =>
        new(DefinitionCode, ActivityCode, Value, NotComputableReason, ComputedAt, ChangedAfterAdoption, ChangedAfterAdoption ? AdoptedValue : null);

    /// <summary>The values of one committee and period that changed in one unit of work, as one event.</summary>
    public static KeyFigureValuesRecomputed RecomputedEvent(IReadOnlyList<ComputedKeyFigure> changed) =>
        new(changed[0].MunicipalityCode, changed[0].CommitteeCode, changed[0].Year, changed[0].PeriodPoint,
            changed.Select(v => v.ToRecomputedValue()).ToList());
}
