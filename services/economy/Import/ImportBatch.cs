using NamndFollowUp.Economy.Domain;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// What an import file says, parsed and typed but not yet applied. Every record keeps the line it came
/// from, so a rule broken after merging with stored data is still reported by line number.
/// </summary>
public sealed class ImportBatch
{
    public List<(int Line, PeriodKey Period, ReportDetails Details)> Reports { get; } = [];
    public List<(int Line, string Code, string Name, UnitKind Kind, string? Parent)> Units { get; } = [];
    /// <summary>Partial: only Actual, Budget, Costs and Income come from the file (SIE); the row's other measures stay.</summary>
    public List<(int Line, PeriodKey Period, string Activity, string Unit, FigureMeasures Measures)> Figures { get; } = [];
    public bool FiguresArePartial { get; init; }
    public List<(int Line, PeriodKey Period, string Area, int SortOrder, decimal Amount, decimal? ForecastAmount, IReadOnlyList<string> Codes)> Allocations { get; } = [];
    /// <summary>The lines of one reference state that decision's adjustments completely, in order.</summary>
    public List<(int Line, PeriodKey Period, string Area, decimal Amount, string DecidedBy, string Reference, string Reason, DateOnly? DecidedOn)> Adjustments { get; } = [];
    public List<(int Line, string Layout, string Area, int SortOrder, IReadOnlyList<string> Codes)> LayoutAreas { get; } = [];
    public List<(int Line, PeriodKey Period, decimal? MunicipalBudget, decimal? Outcome, decimal? Forecast, string? Comment)> Investments { get; } = [];
    public List<(int Line, PeriodKey Period, string Decision, DateOnly DecidedOn, string DecidedBy, string Measure, bool ByCommittee, decimal? FullYear, decimal? ThisYear)> Savings { get; } = [];
    public List<(int Line, PeriodKey Period, string Reference, DateOnly DecidedOn, string DecidedBy, decimal? FullYear, decimal? ThisYear,
        string? Requirement, decimal? RequirementAmount, decimal? Achieved, string? Description)> SavingsDecisions { get; } = [];
    /// <summary>Unit "" = the committee's stated total.</summary>
    public List<(int Line, PeriodKey Period, string Unit, decimal? Deviation, decimal? ForecastDeviation)> StatedDeviations { get; } = [];
    public List<(int Line, PeriodKey Period, string Unit, DeviationItemKind Kind, string Description, decimal? Amount, decimal? FullTimeEquivalents)> DeviationItems { get; } = [];
    public List<(int Line, PeriodKey Period, string Section, string Text)> Narratives { get; } = [];
    public List<(int Line, PeriodKey Period, string Layout, string Area, string Measure, string Column, decimal Expected)> Checks { get; } = [];
    /// <summary>The municipality's file (<see cref="CsvScope.Municipality"/>): its activity codes, its name and its committees' names.</summary>
    public List<(int Line, string Code, string Name, string? ScbCode)> ActivityCodes { get; } = [];
    public List<(int Line, string Name)> MunicipalityNames { get; } = [];
    public List<(int Line, string Committee, string Name)> CommitteeNames { get; } = [];

    public int Lines { get; set; }

    /// <summary>What the file held and what became of it (SIE); null when every record maps as it is (CSV).</summary>
    public ImportSummary? Summary { get; set; }

    /// <summary>The same records, its figures replaced (ledger totals are partial rows).</summary>
    public ImportBatch WithFigures(IEnumerable<(int, PeriodKey, string, string, FigureMeasures)> figures, bool partial)
    {
        var copy = new ImportBatch { FiguresArePartial = partial, Lines = Lines, Summary = Summary };
        copy.Reports.AddRange(Reports); copy.Units.AddRange(Units); copy.Figures.AddRange(figures); copy.Allocations.AddRange(Allocations);
        copy.Adjustments.AddRange(Adjustments); copy.LayoutAreas.AddRange(LayoutAreas); copy.Investments.AddRange(Investments);
        copy.Savings.AddRange(Savings); copy.Narratives.AddRange(Narratives); copy.Checks.AddRange(Checks);
        copy.SavingsDecisions.AddRange(SavingsDecisions); copy.StatedDeviations.AddRange(StatedDeviations); copy.DeviationItems.AddRange(DeviationItems);
        return copy;
    }

    public IEnumerable<PeriodKey> Periods =>
        Reports.Select(r => r.Period).Concat(Figures.Select(f => f.Period)).Concat(Allocations.Select(a => a.Period))
            .Concat(Adjustments.Select(a => a.Period)).Concat(Investments.Select(i => i.Period)).Concat(Savings.Select(s => s.Period))
            .Concat(Narratives.Select(n => n.Period)).Concat(Checks.Select(c => c.Period)).Concat(SavingsDecisions.Select(s => s.Period))
            .Concat(StatedDeviations.Select(s => s.Period)).Concat(DeviationItems.Select(i => i.Period)).Distinct();
}
