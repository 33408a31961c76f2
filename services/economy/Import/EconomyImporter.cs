using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Economy.Import.Sie;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Import;

/// <summary>What an import did (or, in a dry run, would do): nothing is stored in a dry run.</summary>
public sealed record ImportOutcome(int Lines, int RowsChanged, int EventsPublished, IReadOnlyList<PeriodKey> Periods)
{
    public bool DryRun { get; init; }
    public ImportSummary? Summary { get; init; }
}

public enum ImportFormat
{
    Csv,
    Sie,
}

/// <summary>
/// Applies a parsed import to one committee as one unit of work: upserts every record, then checks the
/// merged state (the file's rows together with what is stored) and saves once, or throws every violation
/// with its line and saves nothing. Unchanged rows are left alone, so a repeated file changes nothing and
/// publishes nothing. One importer per import: its phases' timings are logged at Debug when it ends.
/// </summary>
public sealed class EconomyImporter(EconomyDbContext db, TimeProvider time, ILogger? log = null)
{
    private readonly ImportPhases _phases = new();

    /// <summary>From this many figure rows on, they are written set-based (<see cref="FigureBulkWriter"/>), not one entity each.</summary>
    public const int BulkThreshold = 2000;

    /// <summary>Reads a file as it streams in (never whole), then applies what it says.</summary>
    /// <param name="csvEncoding">A CSV's declared encoding (<see cref="CsvEncoding.For"/>); null: detected from its bytes.</param>
    /// <param name="run">Where the import's progress is recorded for pollers (null: not followed).</param>
    public async Task<ImportOutcome> ImportAsync(string municipality, string committee, ImportFormat format, Stream content, string actor, CancellationToken ct,
        System.Text.Encoding? csvEncoding = null, bool dryRun = false, ImportRunRecorder? run = null)
    {
        if (run is not null)
        {
            content = new ProgressStream(content, run);
        }
        var mapping = format == ImportFormat.Sie ? await LedgerMappingAsync(municipality, committee, ct) : null;
        _phases.Done("ledger mapping");
        var batch = format == ImportFormat.Sie
            ? await SieImport.ParseAsync(content, mapping, ct)
            : await CsvImport.ParseAsync(content, ct, csvEncoding);
        _phases.Done("file read");
        // The phase is recorded for pollers on a connection of its own while the merge runs on this one: the import
        // does not wait for an advisory record, but it is written before the outcome is (which it would overwrite).
        var applying = run?.ApplyingAsync(batch.Lines, batch.Figures.Count) ?? Task.CompletedTask;
        try
        {
            return await ApplyAsync(municipality, committee, batch, ct, actor, dryRun);
        }
        finally
        {
            await applying;
        }
    }

    /// <summary>The committee's own ledger mapping, else its municipality's; null when neither is set.</summary>
    public async Task<LedgerMapping?> LedgerMappingAsync(string municipality, string committee, CancellationToken ct)
    {
        var stored = await db.LedgerMappings.AsNoTracking()
            .Where(m => m.MunicipalityCode == municipality && (m.CommitteeCode == committee || m.CommitteeCode == ""))
            .ToListAsync(ct);
        return (stored.FirstOrDefault(m => m.CommitteeCode == committee) ?? stored.FirstOrDefault(m => m.CommitteeCode == ""))?.Mapping;
    }

    public async Task<ImportOutcome> ApplyAsync(string municipality, string committee, ImportBatch batch, CancellationToken ct, string actor = "system", bool dryRun = false)
    {
        var outcome = "failed";
        try
        {
            var result = await MergeAndCheckAsync(municipality, committee, batch, ct, actor, dryRun);
            outcome = $"{result.RowsChanged} changed{(dryRun ? ", dry run" : "")}";
            return result;
        }
        catch (ValidationFailedException e)
        {
            outcome = $"refused ({e.Violations.Count} problems)";
            throw;
        }
        finally
        {
            if (log?.IsEnabled(LogLevel.Debug) == true)
            {
                log.LogDebug("Import of {Municipality}/{Committee}, {Lines} lines, {FigureRows} figure rows, {Outcome}: {Phases}",
                    municipality, committee, batch.Lines, batch.Figures.Count, outcome, _phases);
            }
        }
    }

    private async Task<ImportOutcome> MergeAndCheckAsync(string municipality, string committee, ImportBatch batch, CancellationToken ct, string actor, bool dryRun)
    {
        var bulk = batch.Figures.Count >= BulkThreshold;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var errors = new List<FieldViolation>();
        var now = time.GetUtcNow();
        var periods = batch.Periods.ToList();
        // The same locks as the single writes to these periods take: an import and a first write to a new period wait
        // for each other instead of colliding on the period's report.
        await db.LockPeriodsAsync("economy", municipality, committee, periods, ct);
        _phases.Done("transaction and period locks");
        var years = periods.Select(p => p.Year).SelectMany(y => new[] { y, y - 1 }).Distinct().ToList();

        Duplicates(errors, batch.Figures, f => (f.Period, f.Activity, f.Unit), f => f.Line, "figure");
        Duplicates(errors, batch.Allocations, a => (a.Period, a.Area), a => a.Line, "allocation");
        Duplicates(errors, batch.Units, u => u.Code, u => u.Line, "unit");
        Duplicates(errors, batch.LayoutAreas, l => (l.Layout, l.Area), l => l.Line, "layout area");
        Duplicates(errors, batch.Narratives, n => (n.Period, n.Section), n => n.Line, "narrative");
        Duplicates(errors, batch.Investments, i => i.Period, i => i.Line, "investment");
        Duplicates(errors, batch.Reports, r => r.Period, r => r.Line, "report");
        Duplicates(errors, batch.SavingsDecisions, d => (d.Period, d.Reference), d => d.Line, "savings decision");
        Duplicates(errors, batch.StatedDeviations, d => (d.Period, d.Unit), d => d.Line, "stated deviation");
        Duplicates(errors, batch.DeviationItems, i => (i.Period, i.Unit, i.Kind, i.Description), i => i.Line, "deviation item");

        // Each kind of record merged by the domain, in the order the rules need: reports (adopted periods refuse),
        // units (the tree), figures, allocations with their adjustments, layouts, then the rest.
        var merge = new CommitteeImport(municipality, committee, now, entity => db.Add(entity), entity => db.Remove(entity));
        merge.Activities(await ActivityRegisterAsync(db, municipality, ct), batch.Figures.Select(f => (f.Line, f.Activity)),
            batch.Allocations.Select(a => (a.Line, a.Codes)), batch.LayoutAreas.Select(l => (l.Line, l.Codes)),
            batch.Summary is null ? "column 3 (activity_code)" : "activity (as the ledger mapping maps the file's object)");
        var reports = await db.EconomyReports.ForCommittee(municipality, committee).Where(r => years.Contains(r.Year)).ToListAsync(ct);
        merge.Reports(reports, periods, batch.Reports);
        var units = await db.Units.ForCommittee(municipality, committee).ToListAsync(ct);
        merge.Units(units, batch.Units);
        _phases.Done("activity register, reports and units");
        var figures = bulk ? [] : await db.ActivityFigures.ForCommittee(municipality, committee).Where(f => years.Contains(f.Year)).ToListAsync(ct);
        var figureLines = new Dictionary<FigureKey, int>();
        merge.Figures(figures, bulk ? [] : batch.Figures, batch.FiguresArePartial, figureLines);
        _phases.Done(bulk ? "duplicates" : "figures loaded and merged");
        // A kind of record is loaded only when the file has records of it, or of a kind whose rules read it (a narrative
        // names an allocation or layout area, a check sums them): what is not loaded cannot change, and the stored rows
        // of a kind kept their rules when they were written. A ledger file (figures only) loads none of them.
        var needAllocations = batch.Allocations.Count + batch.Adjustments.Count + batch.Narratives.Count + batch.Checks.Count > 0;
        var needLayouts = batch.LayoutAreas.Count + batch.Narratives.Count + batch.Checks.Count > 0;
        var allocations = needAllocations ? await db.Allocations.ForCommittee(municipality, committee).Where(a => years.Contains(a.Year)).ToListAsync(ct) : [];
        var adjustments = needAllocations ? await db.BudgetAdjustments.ForCommittee(municipality, committee).Where(a => years.Contains(a.Year)).ToListAsync(ct) : [];
        merge.Allocations(allocations, adjustments, batch.Allocations, batch.Adjustments);
        var layoutAreas = needLayouts ? await db.LayoutAreas.ForCommittee(municipality, committee).ToListAsync(ct) : [];
        merge.LayoutAreas(layoutAreas, batch.LayoutAreas);
        if (batch.Investments.Count > 0)
        {
            merge.Investments(await db.Investments.ForCommittee(municipality, committee).Where(i => years.Contains(i.Year)).ToListAsync(ct), batch.Investments);
        }
        if (batch.Savings.Count > 0)
        {
            merge.Savings(await db.SavingsMeasures.ForCommittee(municipality, committee).Where(s => years.Contains(s.Year)).ToListAsync(ct), batch.Savings);
        }
        if (batch.SavingsDecisions.Count > 0)
        {
            merge.SavingsDecisions(await db.SavingsDecisions.ForCommittee(municipality, committee).Where(s => years.Contains(s.Year)).ToListAsync(ct), batch.SavingsDecisions);
        }
        if (batch.StatedDeviations.Count > 0)
        {
            merge.StatedDeviations(await db.StatedDeviations.ForCommittee(municipality, committee).Where(s => years.Contains(s.Year)).ToListAsync(ct), units, batch.StatedDeviations);
        }
        if (batch.DeviationItems.Count > 0)
        {
            merge.DeviationItems(await db.DeviationItems.ForCommittee(municipality, committee).Where(i => years.Contains(i.Year)).ToListAsync(ct), units, batch.DeviationItems);
        }
        if (batch.Narratives.Count > 0)
        {
            merge.Narratives(await db.Narratives.ForCommittee(municipality, committee).Where(n => years.Contains(n.Year)).ToListAsync(ct), batch.Narratives,
                units, allocations, layoutAreas);
        }
        errors.AddRange(merge.Errors);
        _phases.Done("other records loaded and merged");
        foreach (var e in merge.FigureEvents) db.Publish(e);
        foreach (var e in merge.AllocationEvents) db.Publish(e);

        if (bulk && errors.Count > 0)
        {
            // The file is refused whatever the merge would show, and a duplicate figure row would make the merge's
            // INSERT … ON CONFLICT fail in PostgreSQL ("cannot affect row a second time") instead of being reported.
            throw new ValidationFailedException(errors.OrderBy(e => LineOf(e.Field)).ToList());
        }
        if (bulk)
        {
            // The merge runs in this import's transaction: a rule broken on the merged rows refuses it all.
            merge.CountBulk(await FigureBulkWriter.MergeAsync(db, municipality, committee,
                batch.Figures.Select(f => (f.Period, f.Activity, f.Unit, f.Measures)).ToList(), batch.FiguresArePartial, actor, now, ct, _phases));
            _phases.Done("figures merged set-based");
            foreach (var f in batch.Figures)
            {
                figureLines[new FigureKey(f.Period.Year, f.Period.Point, f.Activity, f.Unit)] = f.Line;
            }
            // The rules read the periods the file touches; a check line also reads the year before (its previous-year column).
            var readYears = batch.Checks.Count > 0 ? years : periods.Select(p => p.Year).Distinct().ToList();
            figures = await db.ActivityFigures.ForCommittee(municipality, committee).AsNoTracking().Where(f => readYears.Contains(f.Year)).ToListAsync(ct);
            _phases.Done("merged figures loaded");
        }

        // The rules, on the merged state of every period the file touches.
        foreach (var violation in EconomyChecks.Check(figures.Where(f => periods.Contains(new PeriodKey(f.Year, f.PeriodPoint))), units))
        {
            errors.Add(violation.ToFieldViolation(figureLines.TryGetValue(violation.Row, out var line)
                ? $"line {line}" : $"stored figure {violation.Row}"));
        }
        errors.AddRange(CommitteeImport.Checks(batch.Checks, figures, allocations, adjustments, layoutAreas));
        _phases.Done("rules");

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors.OrderBy(e => LineOf(e.Field)).ToList());
        }
        if (dryRun)
        {
            // Everything was checked as for real; the transaction (with any set-based merge) is rolled back unsaved.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new ImportOutcome(batch.Lines, merge.Changed, merge.Events, periods) { DryRun = true, Summary = batch.Summary };
        }
        await db.SaveChangesOrAbortAsync(ct);
        _phases.Done("saved");
        await transaction.CommitAsync(ct);
        _phases.Done("committed");
        return new ImportOutcome(batch.Lines, merge.Changed, merge.Events, periods) { Summary = batch.Summary };
    }

    /// <summary>The activity codes <paramref name="municipality"/> has registered.</summary>
    public static async Task<ActivityRegister> ActivityRegisterAsync(EconomyDbContext db, string municipality, CancellationToken ct) =>
        new(municipality, await db.ActivityCodes.AsNoTracking().Where(c => c.MunicipalityCode == municipality).Select(c => c.Code).ToListAsync(ct));

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
}
