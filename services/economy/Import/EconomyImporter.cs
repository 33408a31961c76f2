using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.Economy.Import;

public sealed record ImportOutcome(int Lines, int RowsChanged, int EventsPublished, IReadOnlyList<PeriodKey> Periods);

public enum ImportFormat
{
    Csv,
    Sie,
}

/// <summary>
/// Applies a parsed import to one committee as one unit of work: upserts every record, then checks the
/// merged state (the file's rows together with what is stored) and saves once, or throws every violation
/// with its line and saves nothing. Unchanged rows are left alone, so a repeated file changes nothing and
/// publishes nothing.
/// </summary>
public sealed class EconomyImporter(EconomyDbContext db, TimeProvider time)
{
    /// <summary>From this many figure rows on, they are written set-based (<see cref="FigureBulkWriter"/>), not one entity each.</summary>
    public const int BulkThreshold = 2000;

    /// <summary>Reads a file as it streams in (never whole), then applies what it says.</summary>
    public async Task<ImportOutcome> ImportAsync(string municipality, string committee, ImportFormat format, Stream content, string actor, CancellationToken ct)
    {
        var batch = format == ImportFormat.Sie ? await SieImport.ParseAsync(content, ct) : await CsvImport.ParseAsync(content, ct);
        return await ApplyAsync(municipality, committee, batch, ct, actor);
    }

    public async Task<ImportOutcome> ApplyAsync(string municipality, string committee, ImportBatch batch, CancellationToken ct, string actor = "system")
    {
        var bulk = batch.Figures.Count >= BulkThreshold;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var errors = new List<FieldViolation>();
        var now = time.GetUtcNow();
        var periods = batch.Periods.ToList();
        var years = periods.Select(p => p.Year).SelectMany(y => new[] { y, y - 1 }).Distinct().ToList();
        var changed = 0;
        var events = 0;

        Duplicates(errors, batch.Figures, f => (f.Period, f.Activity, f.Unit), f => f.Line, "figure");
        Duplicates(errors, batch.Allocations, a => (a.Period, a.Area), a => a.Line, "allocation");
        Duplicates(errors, batch.Units, u => u.Code, u => u.Line, "unit");
        Duplicates(errors, batch.LayoutAreas, l => (l.Layout, l.Area), l => l.Line, "layout area");
        Duplicates(errors, batch.Narratives, n => (n.Period, n.Section), n => n.Line, "narrative");
        Duplicates(errors, batch.Investments, i => i.Period, i => i.Line, "investment");
        Duplicates(errors, batch.Reports, r => r.Period, r => r.Line, "report");

        var reports = await Committee(db.EconomyReports, municipality, committee).Where(r => years.Contains(r.Year)).ToListAsync(ct);
        foreach (var period in periods)
        {
            var report = reports.SingleOrDefault(r => r.Year == period.Year && r.PeriodPoint == period.Point);
            if (report is null)
            {
                report = EconomyReport.Create(municipality, committee, period.Year, period.Point);
                db.EconomyReports.Add(report);
                reports.Add(report);
            }
            report.EnsureEditable();
        }
        foreach (var (_, period, name) in batch.Reports)
        {
            changed += reports.Single(r => r.Year == period.Year && r.PeriodPoint == period.Point).NameForecast(name) ? 1 : 0;
        }

        // Units first: the figure rules need the tree.
        var units = await Committee(db.Units, municipality, committee).ToListAsync(ct);
        foreach (var (_, code, name, kind, parent) in batch.Units)
        {
            var unit = units.SingleOrDefault(u => u.Code == code);
            if (unit is null)
            {
                unit = OrganisationalUnit.Create(municipality, committee, code);
                db.Units.Add(unit);
                units.Add(unit);
            }
            changed += unit.Record(name, kind, parent) ? 1 : 0;
        }
        foreach (var (line, code, _, _, parent) in batch.Units)
        {
            if (parent is not null && units.All(u => u.Code != parent))
            {
                errors.Add(new FieldViolation($"line {line}", $"column 5 (parent): unit {parent} is not defined; define it on a unit line"));
            }
            var seen = new HashSet<string> { code };
            for (var p = parent; p is not null; p = units.SingleOrDefault(u => u.Code == p)?.ParentCode)
            {
                if (!seen.Add(p))
                {
                    errors.Add(new FieldViolation($"line {line}", $"column 5 (parent): unit {code} would be its own ancestor"));
                    break;
                }
            }
        }

        var figures = bulk ? [] : await Committee(db.ActivityFigures, municipality, committee).Where(f => years.Contains(f.Year)).ToListAsync(ct);
        var figureLines = new Dictionary<FigureKey, int>();
        var figuresByKey = figures.ToDictionary(FigureKey.Of);
        foreach (var (line, period, activity, unit, measures) in bulk ? [] : batch.Figures)
        {
            if (!figuresByKey.TryGetValue(new FigureKey(period.Year, period.Point, activity, unit), out var figure))
            {
                figure = ActivityFigure.Create(municipality, committee, period.Year, period.Point, activity, unit);
                db.ActivityFigures.Add(figure);
                figures.Add(figure);
                figuresByKey[FigureKey.Of(figure)] = figure;
            }
            figureLines[FigureKey.Of(figure)] = line;
            var merged = batch.FiguresArePartial && figure.Version > 0
                ? figure.Measures with { Actual = measures.Actual, Budget = measures.Budget, Costs = measures.Costs, Income = measures.Income }
                : measures;
            if (figure.Record(merged, now))
            {
                changed++;
                events++;
                db.Publish(figure.ToChangedEvent());
            }
        }

        var allocations = await Committee(db.Allocations, municipality, committee).Where(a => years.Contains(a.Year)).ToListAsync(ct);
        var adjustments = await Committee(db.BudgetAdjustments, municipality, committee).Where(a => years.Contains(a.Year)).ToListAsync(ct);
        var changedAllocations = new HashSet<Allocation>();
        foreach (var (_, period, area, sort, amount, forecastAmount, codes) in batch.Allocations)
        {
            var allocation = allocations.SingleOrDefault(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.AreaName == area);
            if (allocation is null)
            {
                allocation = Allocation.Create(municipality, committee, period.Year, period.Point, area);
                db.Allocations.Add(allocation);
                allocations.Add(allocation);
            }
            if (allocation.Record(amount, forecastAmount, codes, sort, now))
            {
                changed++;
                changedAllocations.Add(allocation);
            }
        }
        foreach (var (line, period, area, amount, decidedBy, reference, reason) in batch.Adjustments)
        {
            var allocation = allocations.SingleOrDefault(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.AreaName == area);
            if (allocation is null)
            {
                errors.Add(new FieldViolation($"line {line}", $"column 3 (area): no allocation area '{area}' in {period}; an adjustment changes an existing allocation"));
                continue;
            }
            var adjustment = adjustments.SingleOrDefault(a => a.Year == period.Year && a.PeriodPoint == period.Point && a.Reference == reference && a.AreaName == area);
            if (adjustment is null)
            {
                adjustment = BudgetAdjustment.Create(municipality, committee, period.Year, period.Point, reference, area);
                db.BudgetAdjustments.Add(adjustment);
                adjustments.Add(adjustment);
            }
            if (adjustment.Record(amount, decidedBy, reason))
            {
                changed++;
                changedAllocations.Add(allocation);
            }
        }
        foreach (var allocation in changedAllocations)
        {
            events++;
            db.Publish(allocation.ToChangedEvent(allocation.Adjusted(adjustments.Where(a => a.Year == allocation.Year && a.PeriodPoint == allocation.PeriodPoint))));
        }
        foreach (var period in allocations.GroupBy(a => (a.Year, a.PeriodPoint)))
        {
            foreach (var code in period.SelectMany(a => a.ActivityCodes.Select(c => (Code: c, a.AreaName))).GroupBy(x => x.Code).Where(g => g.Count() > 1))
            {
                var line = batch.Allocations.FirstOrDefault(a => a.Period == new PeriodKey(period.Key.Year, period.Key.PeriodPoint) && a.Codes.Contains(code.Key)).Line;
                errors.Add(new FieldViolation(line > 0 ? $"line {line}" : "allocations",
                    $"rule {EconomyChecks.CodeInOneArea}: activity code {code.Key} is in the allocation areas {string.Join(" and ", code.Select(x => $"'{x.AreaName}'"))} of {period.Key.Year}/{period.Key.PeriodPoint}; the total would count it twice"));
            }
        }

        var layoutAreas = await Committee(db.LayoutAreas, municipality, committee).ToListAsync(ct);
        foreach (var (_, layout, area, sort, codes) in batch.LayoutAreas)
        {
            var layoutArea = layoutAreas.SingleOrDefault(l => l.Layout == layout && l.AreaName == area);
            if (layoutArea is null)
            {
                layoutArea = LayoutArea.Create(municipality, committee, layout, area);
                db.LayoutAreas.Add(layoutArea);
                layoutAreas.Add(layoutArea);
            }
            changed += layoutArea.Record(sort, codes) ? 1 : 0;
        }
        foreach (var layout in layoutAreas.GroupBy(l => l.Layout))
        {
            foreach (var code in layout.SelectMany(a => a.ActivityCodes.Select(c => (Code: c, a.AreaName))).GroupBy(x => x.Code).Where(g => g.Count() > 1))
            {
                var line = batch.LayoutAreas.FirstOrDefault(l => l.Layout == layout.Key && l.Codes.Contains(code.Key)).Line;
                errors.Add(new FieldViolation(line > 0 ? $"line {line}" : "layout",
                    $"rule {EconomyChecks.CodeInOneArea}: activity code {code.Key} is in the areas {string.Join(" and ", code.Select(x => $"'{x.AreaName}'"))} of layout '{layout.Key}'"));
            }
        }

        var investments = await Committee(db.Investments, municipality, committee).Where(i => years.Contains(i.Year)).ToListAsync(ct);
        foreach (var (_, period, budget, outcome, forecast, comment) in batch.Investments)
        {
            var investment = investments.SingleOrDefault(i => i.Year == period.Year && i.PeriodPoint == period.Point);
            if (investment is null)
            {
                investment = Investment.Create(municipality, committee, period.Year, period.Point);
                db.Investments.Add(investment);
                investments.Add(investment);
            }
            changed += investment.Record(budget, outcome, forecast, comment) ? 1 : 0;
        }

        var savings = await Committee(db.SavingsMeasures, municipality, committee).Where(s => years.Contains(s.Year)).ToListAsync(ct);
        foreach (var (_, period, decision, decidedOn, decidedBy, name, byCommittee, fullYear, thisYear) in batch.Savings)
        {
            var measure = savings.SingleOrDefault(s => s.Year == period.Year && s.PeriodPoint == period.Point && s.DecisionReference == decision && s.Name == name);
            if (measure is null)
            {
                measure = SavingsMeasure.Create(municipality, committee, period.Year, period.Point, decision, name);
                db.SavingsMeasures.Add(measure);
                savings.Add(measure);
            }
            changed += measure.Record(decidedOn, decidedBy, byCommittee, fullYear, thisYear) ? 1 : 0;
        }

        var narratives = await Committee(db.Narratives, municipality, committee).Where(n => years.Contains(n.Year)).ToListAsync(ct);
        foreach (var (_, period, section, text) in batch.Narratives)
        {
            var narrative = narratives.SingleOrDefault(n => n.Year == period.Year && n.PeriodPoint == period.Point && n.Section == section);
            if (narrative is null)
            {
                narrative = Narrative.Create(municipality, committee, period.Year, period.Point, section);
                db.Narratives.Add(narrative);
                narratives.Add(narrative);
            }
            changed += narrative.Record(text) ? 1 : 0;
        }

        if (bulk && errors.Count > 0)
        {
            // The file is refused whatever the merge would show, and a duplicate figure row would make the merge's
            // INSERT … ON CONFLICT fail in PostgreSQL ("cannot affect row a second time") instead of being reported.
            throw new ValidationFailedException(errors.OrderBy(e => LineOf(e.Field)).ToList());
        }
        if (bulk)
        {
            // The merge runs in this import's transaction: a rule broken on the merged rows refuses it all.
            var merged = await FigureBulkWriter.MergeAsync(db, municipality, committee,
                batch.Figures.Select(f => (f.Period, f.Activity, f.Unit, f.Measures)).ToList(), batch.FiguresArePartial, actor, now, ct);
            changed += merged;
            events += merged;
            foreach (var f in batch.Figures)
            {
                figureLines[new FigureKey(f.Period.Year, f.Period.Point, f.Activity, f.Unit)] = f.Line;
            }
            figures = await Committee(db.ActivityFigures, municipality, committee).AsNoTracking().Where(f => years.Contains(f.Year)).ToListAsync(ct);
        }

        // The rules, on the merged state of every period the file touches.
        foreach (var violation in EconomyChecks.Check(figures.Where(f => periods.Contains(new PeriodKey(f.Year, f.PeriodPoint))), units))
        {
            errors.Add(violation.ToFieldViolation(figureLines.TryGetValue(violation.Row, out var line)
                ? $"line {line}" : $"stored figure {violation.Row}"));
        }
        foreach (var check in batch.Checks)
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

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors.OrderBy(e => LineOf(e.Field)).ToList());
        }
        await db.SaveChangesOrAbortAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportOutcome(batch.Lines, changed, events, periods);
    }

    public static PeriodData Data(PeriodKey period, IEnumerable<ActivityFigure> figures, IEnumerable<Allocation> allocations, IEnumerable<BudgetAdjustment> adjustments) =>
        new(figures.Where(f => f.Year == period.Year && f.PeriodPoint == period.Point).ToList(),
            allocations.Where(a => a.Year == period.Year && a.PeriodPoint == period.Point).ToList(),
            adjustments.Where(a => a.Year == period.Year && a.PeriodPoint == period.Point).ToList());

    private static int LineOf(string field) => field.StartsWith("line ") && int.TryParse(field.AsSpan(5), out var line) ? line : int.MaxValue;

    private static void Duplicates<T, TKey>(List<FieldViolation> errors, IEnumerable<T> rows, Func<T, TKey> key, Func<T, int> line, string what)
    {
        foreach (var group in rows.GroupBy(key).Where(g => g.Count() > 1))
        {
            foreach (var row in group.Skip(1))
            {
                errors.Add(new FieldViolation($"line {line(row)}", $"the same {what} as line {line(group.First())}; each may appear once per file"));
            }
        }
    }

    private static IQueryable<T> Committee<T>(DbSet<T> set, string municipality, string committee) where T : class =>
        set.Where(x => EF.Property<string>(x, "MunicipalityCode") == municipality && EF.Property<string>(x, "CommitteeCode") == committee);
}
