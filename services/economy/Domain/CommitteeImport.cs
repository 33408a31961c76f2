using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// One import file merged into a committee's stored records, kind by kind. Each merge finds the stored record
/// or creates it (handing a new one to <paramref name="add"/>), records the file's values, counts what changed
/// and keeps the events others must hear; the rules a kind keeps (a unit's parent exists and is no descendant,
/// a code is in one area) are checked here as well. Loading and saving stay with the importer.
/// </summary>
public sealed class CommitteeImport(string municipality, string committee, DateTimeOffset now, Action<object> add, Action<object>? remove = null)
{
    public int Changed { get; private set; }
    public int Events => FigureEvents.Count + AllocationEvents.Count + _bulkEvents;
    /// <summary>To publish with the save, in this order: the events of changed figure rows, then of changed allocations.</summary>
    public List<ActivityFiguresChanged> FigureEvents { get; } = [];
    public List<AllocationChanged> AllocationEvents { get; } = [];
    private int _bulkEvents;
    public List<FieldViolation> Errors { get; } = [];

    /// <summary>The stored record <paramref name="match"/> finds, or a new one, added to the list and to the unit of work.</summary>
    private T FindOrCreate<T>(List<T> stored, Func<T, bool> match, Func<T> create) where T : class
    {
        var found = stored.FirstOrDefault(match);
        if (found is null)
        {
            found = create();
            add(found);
            stored.Add(found);
        }
        return found;
    }

    private void Count(bool changed) => Changed += changed ? 1 : 0;

    /// <summary>Every period the file touches has a report, and none of them is adopted; forecast names and case data from "report" lines.</summary>
    public void Reports(List<EconomyReport> reports, IEnumerable<PeriodKey> periods, IEnumerable<(int Line, PeriodKey Period, ReportDetails Details)> names)
    {
        foreach (var period in periods)
        {
            FindOrCreate(reports, r => r.Year == period.Year && r.PeriodPoint == period.Point,
                () => EconomyReport.Create(municipality, committee, period.Year, period.Point)).EnsureEditable();
        }
        foreach (var (_, period, details) in names)
        {
            Count(reports.Single(r => r.Year == period.Year && r.PeriodPoint == period.Point).Describe(details));
        }
    }

    /// <summary>
    /// Every activity code the file names is registered by the municipality: a figure's activity (a ledger line's, or
    /// the one an SIE object maps to), an allocation area's and a layout area's codes. Checked before anything merges.
    /// </summary>
    /// <param name="figureColumn">How a figure line names its activity: the CSV's column, or the SIE mapping.</param>
    public void Activities(ActivityRegister register, IEnumerable<(int Line, string Activity)> figures,
        IEnumerable<(int Line, IReadOnlyList<string> Codes)> allocations, IEnumerable<(int Line, IReadOnlyList<string> Codes)> layouts, string figureColumn)
    {
        // A ledger line's sums become a unit row and its activity's row alike, both on that line: said once.
        foreach (var (line, activity) in figures.Distinct())
        {
            if (register.Problem(activity) is { } problem)
            {
                Errors.Add(new FieldViolation($"line {line}", $"{figureColumn}: {problem}"));
            }
        }
        foreach (var (rows, column) in new[] { (allocations, "column 7 (activity_codes)"), (layouts, "column 5 (activity_codes)") })
        {
            foreach (var (line, codes) in rows)
            {
                Errors.AddRange(register.Problems(codes).Select(problem => new FieldViolation($"line {line}", $"{column}: {problem}")));
            }
        }
    }

    /// <summary>Units first: the figure rules need the tree. A parent must be defined, and no unit its own ancestor.</summary>
    public void Units(List<OrganisationalUnit> units, IReadOnlyList<(int Line, string Code, string Name, UnitKind Kind, string? Parent)> rows)
    {
        foreach (var (_, code, name, kind, parent) in rows)
        {
            Count(FindOrCreate(units, u => u.Code == code, () => OrganisationalUnit.Create(municipality, committee, code)).Record(name, kind, parent));
        }
        foreach (var (line, code, _, _, parent) in rows)
        {
            if (parent is not null && units.All(u => u.Code != parent))
            {
                Errors.Add(new FieldViolation($"line {line}", $"column 5 (parent): unit {parent} is not defined; define it on a unit line"));
            }
            var seen = new HashSet<string> { code };
            for (var p = parent; p is not null; p = units.SingleOrDefault(u => u.Code == p)?.ParentCode)
            {
                if (!seen.Add(p))
                {
                    Errors.Add(new FieldViolation($"line {line}", $"column 5 (parent): unit {code} would be its own ancestor"));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Figure rows, each with its line kept for the rules' messages. A partial row (ledger totals, SIE) sets
    /// only Actual, Budget, Costs and Income of a stored row and keeps its other measures.
    /// </summary>
    public void Figures(List<ActivityFigure> figures, IEnumerable<(int Line, PeriodKey Period, string Activity, string Unit, FigureMeasures Measures)> rows,
        bool partial, Dictionary<FigureKey, int> lines)
    {
        var byKey = figures.ToDictionary(FigureKey.Of);
        foreach (var (line, period, activity, unit, measures) in rows)
        {
            var key = new FigureKey(period.Year, period.Point, activity, unit);
            if (!byKey.TryGetValue(key, out var figure))
            {
                figure = ActivityFigure.Create(municipality, committee, period.Year, period.Point, activity, unit);
                add(figure);
                figures.Add(figure);
                byKey[key] = figure;
            }
            lines[key] = line;
            var merged = partial && figure.Version > 0
                ? figure.Measures with { Actual = measures.Actual, Budget = measures.Budget, Costs = measures.Costs, Income = measures.Income }
                : measures;
            if (figure.Record(merged, now))
            {
                Changed++;
                FigureEvents.Add(figure.ToChangedEvent());
            }
        }
    }

    /// <summary>Allocation areas and their budget adjustments; one event per area whose adjusted allocation may have changed.</summary>
    public void Allocations(List<Allocation> allocations, List<BudgetAdjustment> adjustments,
        IReadOnlyList<(int Line, PeriodKey Period, string Area, int SortOrder, decimal Amount, decimal? ForecastAmount, IReadOnlyList<string> Codes)> rows,
        IEnumerable<(int Line, PeriodKey Period, string Area, decimal Amount, string DecidedBy, string Reference, string Reason, DateOnly? DecidedOn)> adjustmentRows)
    {
        var changed = new HashSet<Allocation>();
        foreach (var (_, period, area, sort, amount, forecastAmount, codes) in rows)
        {
            var allocation = FindOrCreate(allocations, a => a.Year == period.Year && a.PeriodPoint == period.Point && a.AreaName == area,
                () => Allocation.Create(municipality, committee, period.Year, period.Point, area));
            if (allocation.Record(amount, forecastAmount, codes, sort, now))
            {
                Changed++;
                changed.Add(allocation);
            }
        }
        // The lines of one reference are that decision's adjustments 1, 2, … in order: a second line of the same
        // decision (even for the same area) is its second adjustment, never a replacement of the first.
        foreach (var decision in adjustmentRows.GroupBy(a => (a.Period, a.Reference)))
        {
            var (period, reference) = decision.Key;
            var sequence = 0;
            foreach (var (line, _, area, amount, decidedBy, _, reason, decidedOn) in decision)
            {
                sequence++;
                var allocation = allocations.SingleOrDefault(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.AreaName == area);
                if (allocation is null)
                {
                    Errors.Add(new FieldViolation($"line {line}", $"column 3 (area): no allocation area '{area}' in {period}; an adjustment changes an existing allocation"));
                    continue;
                }
                var number = sequence;
                var adjustment = FindOrCreate(adjustments, a => a.Year == period.Year && a.PeriodPoint == period.Point && a.Reference == reference && a.Sequence == number,
                    () => BudgetAdjustment.Create(municipality, committee, period.Year, period.Point, reference, number));
                var before = adjustment.AreaName;
                if (adjustment.Record(area, amount, decidedBy, reason, decidedOn))
                {
                    Changed++;
                    changed.Add(allocation);
                    if (allocations.SingleOrDefault(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.AreaName == before && before != area) is { } previous)
                    {
                        changed.Add(previous);
                    }
                }
            }
            foreach (var gone in adjustments.Where(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.Reference == reference && a.Sequence > sequence).ToList())
            {
                // The decision now has fewer adjustments than stored: the rest are no longer part of it.
                adjustments.Remove(gone);
                (remove ?? throw new InvalidOperationException("removing needs the unit of work"))(gone);
                Changed++;
                if (allocations.SingleOrDefault(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.AreaName == gone.AreaName) is { } affected)
                {
                    changed.Add(affected);
                }
            }
        }
        foreach (var allocation in changed)
        {
            AllocationEvents.Add(allocation.ToChangedEvent(allocation.Adjusted(adjustments.Where(a => a.Year == allocation.Year && a.PeriodPoint == allocation.PeriodPoint))));
        }
        foreach (var period in allocations.GroupBy(a => (a.Year, a.PeriodPoint)))
        {
            foreach (var (code, areas) in CodeInOneArea.Conflicts(period.Select(a => (a.AreaName, a.ActivityCodes.AsEnumerable()))))
            {
                var line = rows.FirstOrDefault(a => a.Period == new PeriodKey(period.Key.Year, period.Key.PeriodPoint) && a.Codes.Contains(code)).Line;
                Errors.Add(new FieldViolation(line > 0 ? $"line {line}" : "allocations",
                    $"{CodeInOneArea.Describe(code, areas, "allocation areas")} of {period.Key.Year}/{period.Key.PeriodPoint}; the total would count it twice"));
            }
        }
    }

    /// <summary>Report layouts' areas; within a layout a code is in one area.</summary>
    public void LayoutAreas(List<LayoutArea> layoutAreas, IReadOnlyList<(int Line, string Layout, string Area, int SortOrder, IReadOnlyList<string> Codes)> rows)
    {
        foreach (var (_, layout, area, sort, codes) in rows)
        {
            Count(FindOrCreate(layoutAreas, l => l.Layout == layout && l.AreaName == area, () => LayoutArea.Create(municipality, committee, layout, area)).Record(sort, codes));
        }
        foreach (var layout in layoutAreas.GroupBy(l => l.Layout))
        {
            foreach (var (code, areas) in CodeInOneArea.Conflicts(layout.Select(a => (a.AreaName, a.ActivityCodes.AsEnumerable()))))
            {
                var line = rows.FirstOrDefault(l => l.Layout == layout.Key && l.Codes.Contains(code)).Line;
                Errors.Add(new FieldViolation(line > 0 ? $"line {line}" : "layout", $"{CodeInOneArea.Describe(code, areas, "areas")} of layout '{layout.Key}'"));
            }
        }
    }

    public void Investments(List<Investment> investments, IEnumerable<(int Line, PeriodKey Period, decimal? MunicipalBudget, decimal? Outcome, decimal? Forecast, string? Comment)> rows)
    {
        foreach (var (_, period, budget, outcome, forecast, comment) in rows)
        {
            Count(FindOrCreate(investments, i => i.Year == period.Year && i.PeriodPoint == period.Point,
                () => Investment.Create(municipality, committee, period.Year, period.Point)).Record(budget, outcome, forecast, comment));
        }
    }

    public void Savings(List<SavingsMeasure> savings,
        IEnumerable<(int Line, PeriodKey Period, string Decision, DateOnly DecidedOn, string DecidedBy, string Measure, bool ByCommittee, decimal? FullYear, decimal? ThisYear)> rows)
    {
        foreach (var (_, period, decision, decidedOn, decidedBy, name, byCommittee, fullYear, thisYear) in rows)
        {
            Count(FindOrCreate(savings, s => s.Year == period.Year && s.PeriodPoint == period.Point && s.DecisionReference == decision && s.Name == name,
                () => SavingsMeasure.Create(municipality, committee, period.Year, period.Point, decision, name)).Record(decidedOn, decidedBy, byCommittee, fullYear, thisYear));
        }
    }

    /// <summary>Savings decisions as a whole; their measures are savings lines with the same reference.</summary>
    public void SavingsDecisions(List<SavingsDecision> decisions,
        IEnumerable<(int Line, PeriodKey Period, string Reference, DateOnly DecidedOn, string DecidedBy, decimal? FullYear, decimal? ThisYear,
            string? Requirement, decimal? RequirementAmount, decimal? Achieved, string? Description)> rows)
    {
        foreach (var (_, period, reference, decidedOn, decidedBy, fullYear, thisYear, requirement, requirementAmount, achieved, description) in rows)
        {
            Count(FindOrCreate(decisions, d => d.Year == period.Year && d.PeriodPoint == period.Point && d.Reference == reference,
                () => SavingsDecision.Create(municipality, committee, period.Year, period.Point, reference))
                .Record(decidedOn, decidedBy, fullYear, thisYear, requirement, requirementAmount, achieved, description));
        }
    }

    /// <summary>Stated deviations; a unit must be registered (a deviation of a unit nobody can read is refused).</summary>
    public void StatedDeviations(List<StatedDeviation> stated, IReadOnlyCollection<OrganisationalUnit> units,
        IEnumerable<(int Line, PeriodKey Period, string Unit, decimal? Deviation, decimal? ForecastDeviation)> rows)
    {
        foreach (var (line, period, unit, deviation, forecastDeviation) in rows)
        {
            if (UnitMissing(units, unit, line, 3))
            {
                continue;
            }
            Count(FindOrCreate(stated, s => s.Year == period.Year && s.PeriodPoint == period.Point && s.UnitCode == unit,
                () => StatedDeviation.Create(municipality, committee, period.Year, period.Point, unit)).Record(deviation, forecastDeviation));
        }
    }

    public void DeviationItems(List<DeviationItem> items, IReadOnlyCollection<OrganisationalUnit> units,
        IEnumerable<(int Line, PeriodKey Period, string Unit, DeviationItemKind Kind, string Description, decimal? Amount, decimal? FullTimeEquivalents)> rows)
    {
        foreach (var (line, period, unit, kind, description, amount, fte) in rows)
        {
            if (UnitMissing(units, unit, line, 3))
            {
                continue;
            }
            if (kind == DeviationItemKind.Staffing && fte is null)
            {
                Errors.Add(new FieldViolation($"line {line}", "column 7 (full_time_equivalents): a staffing change states its årsarbetare"));
            }
            Count(FindOrCreate(items, i => i.Year == period.Year && i.PeriodPoint == period.Point && i.UnitCode == unit && i.Kind == kind && i.Description == description,
                () => DeviationItem.Create(municipality, committee, period.Year, period.Point, unit, kind, description)).Record(amount, fte));
        }
    }

    private bool UnitMissing(IReadOnlyCollection<OrganisationalUnit> units, string unit, int line, int column)
    {
        if (unit.Length == 0 || units.Any(u => u.Code == unit))
        {
            return false;
        }
        Errors.Add(new FieldViolation($"line {line}", $"column {column} (unit): unit {unit} is not registered; register it first (a unit line)"));
        return true;
    }

    /// <summary>
    /// Narratives; a section must name something that exists: summary, investments, an allocation area of the period or a
    /// layout area (area:, intervention:), a registered unit (unit:). Otherwise the text would be stored and never shown.
    /// </summary>
    public void Narratives(List<Narrative> narratives, IEnumerable<(int Line, PeriodKey Period, string Section, string Text)> rows,
        IReadOnlyCollection<OrganisationalUnit> units, IReadOnlyCollection<Allocation> allocations, IReadOnlyCollection<LayoutArea> layoutAreas)
    {
        foreach (var (line, period, section, text) in rows)
        {
            if (SectionProblem(section, period, units, allocations, layoutAreas) is { } problem)
            {
                Errors.Add(new FieldViolation($"line {line}", $"column 3 (section): {problem}"));
                continue;
            }
            Count(FindOrCreate(narratives, n => n.Year == period.Year && n.PeriodPoint == period.Point && n.Section == section,
                () => Narrative.Create(municipality, committee, period.Year, period.Point, section)).Record(text));
        }
    }

    public static string? SectionProblem(string section, PeriodKey period,
        IReadOnlyCollection<OrganisationalUnit> units, IReadOnlyCollection<Allocation> allocations, IReadOnlyCollection<LayoutArea> layoutAreas)
    {
        if (section is "summary" or "investments")
        {
            return null;
        }
        var (kind, name) = section.IndexOf(':') is var colon and > 0 ? (section[..colon], section[(colon + 1)..]) : (section, "");
        return kind switch
        {
            "unit" => units.Any(u => u.Code == name) ? null : $"unit {name} is not registered; register it first (a unit line)",
            "area" or "intervention" => allocations.Any(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.AreaName == name) || layoutAreas.Any(l => l.AreaName == name)
                ? null : $"no allocation area of {period} or layout area is named '{name}'",
            _ => $"must be summary, investments, area:<area>, intervention:<area> or unit:<unit>, got '{section}'",
        };
    }

    /// <summary>Set-based merged figure rows (<c>FigureBulkWriter</c>): each changed row was one change and one event.</summary>
    public void CountBulk(int merged)
    {
        Changed += merged;
        _bulkEvents += merged;
    }

    /// <summary>A file's "check" lines: the stored total or result of an area (or the committee) must equal the file's exact value.</summary>
    public static List<FieldViolation> Checks(IEnumerable<(int Line, PeriodKey Period, string Layout, string Area, string Measure, string Column, decimal Expected)> checks,
        IReadOnlyCollection<ActivityFigure> figures, IReadOnlyCollection<Allocation> allocations, IReadOnlyCollection<BudgetAdjustment> adjustments, IReadOnlyCollection<LayoutArea> layoutAreas)
    {
        var errors = new List<FieldViolation>();
        foreach (var check in checks)
        {
            var data = Data(check.Period, figures, allocations, adjustments);
            var previous = Data(check.Period with { Year = check.Period.Year - 1 }, figures, allocations, adjustments);
            var layout = check.Layout == "summary"
                ? allocations.Where(a => a.Year == check.Period.Year && a.PeriodPoint == check.Period.Point).Select(a => a.AsLayoutArea()).ToList()
                : layoutAreas.Where(l => l.Layout == check.Layout).ToList();
            if (layout.Count == 0)
            {
                errors.Add(new FieldViolation($"line {check.Line}", $"column 3 (layout): layout '{check.Layout}' has no areas"));
                continue;
            }
            var area = check.Area == "total" ? LayoutArea.Total(layout) : layout.SingleOrDefault(l => l.AreaName == check.Area);
            if (area is null)
            {
                errors.Add(new FieldViolation($"line {check.Line}", $"column 4 (area): layout '{check.Layout}' has no area '{check.Area}'"));
                continue;
            }
            var table = EconomyTables.ResultPerActivity([area], data, previous).Single();
            var columns = check.Measure switch { "net_cost" => table.NetCost, "allocation" => table.Allocation, _ => table.Result };
            var actual = check.Column switch { "actual" => columns.Actual, "budget" => columns.Budget, "forecast" => columns.Forecast, _ => columns.PreviousYear };
            if (actual != check.Expected)
            {
                var rule = check.Measure == "result" ? EconomyChecks.ResultIsAllocationMinusNetCost : EconomyChecks.AreaTotal;
                errors.Add(new FieldViolation($"line {check.Line}",
                    $"rule {rule}: {check.Measure}.{check.Column} of '{check.Area}' in layout '{check.Layout}' is {(actual is { } a ? EconomyChecks.Show(a) : "not stored")} from the stored rows, the file says {EconomyChecks.Show(check.Expected)}"));
            }
        }

        return errors;
    }

    public static PeriodData Data(PeriodKey period, IEnumerable<ActivityFigure> figures, IEnumerable<Allocation> allocations, IEnumerable<BudgetAdjustment> adjustments) =>
        new(figures.Where(f => f.Year == period.Year && f.PeriodPoint == period.Point).ToList(),
            allocations.Where(a => a.Year == period.Year && a.PeriodPoint == period.Point).ToList(),
            adjustments.Where(a => a.Year == period.Year && a.PeriodPoint == period.Point).ToList());
}
