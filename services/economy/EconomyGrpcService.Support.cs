using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Scopes;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>Loading a committee's period and the guards every write passes.</summary>
public sealed partial class EconomyGrpcService
{
    /// <summary>
    /// The transaction of one write to a committee's period, holding the period's lock (<see cref="PeriodWriteLock"/>):
    /// concurrent first writes to a new period, in any replica, then all succeed instead of racing to create its report.
    /// </summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginPeriodWriteAsync(string municipality, string committee,
        PeriodKey period, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockPeriodAsync("economy", municipality, committee, period, ct);
        return transaction;
    }

    /// <summary>An adopted report refuses every write to its period; corrections make a new version.</summary>
    private async Task EnsureEditableAsync(string municipality, string committee, PeriodKey period, CancellationToken ct)
    {
        var report = await ReportAsync(municipality, committee, period, ct, tracked: true);
        if (report is null)
        {
            db.EconomyReports.Add(Domain.EconomyReport.Create(municipality, committee, period.Year, period.Point));
            return;
        }
        report.EnsureEditable();
    }

    /// <summary>The rules on the period as it will stand: the request's rows merged with the stored ones.</summary>
    private async Task CheckRulesAsync(string municipality, string committee, PeriodKey period, IReadOnlyCollection<Domain.ActivityFigure> written, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Where(u => u.MunicipalityCode == municipality && u.CommitteeCode == committee).ToListAsync(ct);
        var codes = written.Select(f => f.ActivityCode).Distinct().ToList();
        var stored = await db.ActivityFigures.ForPeriod(municipality, committee, period).Where(f => codes.Contains(f.ActivityCode)).ToListAsync(ct);
        var merged = written.Concat(stored.Where(s => !written.Any(w => w.ActivityCode == s.ActivityCode && w.UnitCode == s.UnitCode))).ToList();
        var violations = Domain.EconomyChecks.Check(merged, units);
        if (violations.Count > 0)
        {
            throw new ValidationFailedException(violations.Select(v => v.ToFieldViolation()).ToList());
        }
    }

    private async Task<Domain.PeriodData> LoadAsync(string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        new(await db.ActivityFigures.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct),
            await db.Allocations.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct),
            await db.BudgetAdjustments.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct));

    /// <summary>The latest earlier follow-up of the same year that has figures or stated deviations (delår counts as after August).</summary>
    private async Task<PeriodKey?> PreviousFollowUpAsync(string municipality, string committee, PeriodKey period, CancellationToken ct)
    {
        // A result report may state deviations without any figures: its points count as follow-ups too.
        var points = await db.ActivityFigures.AsNoTracking()
            .Where(f => f.MunicipalityCode == municipality && f.CommitteeCode == committee && f.Year == period.Year)
            .Select(f => f.PeriodPoint)
            .Union(db.StatedDeviations.AsNoTracking()
                .Where(s => s.MunicipalityCode == municipality && s.CommitteeCode == committee && s.Year == period.Year)
                .Select(s => s.PeriodPoint))
            .Distinct().ToListAsync(ct);
        var earlier = points.Where(p => Domain.EconomyTables.Order(p) < Domain.EconomyTables.Order(period.Point)).ToList();
        return earlier.Count == 0 ? null : new PeriodKey(period.Year, earlier.MaxBy(Domain.EconomyTables.Order));
    }

    private async Task<Domain.EconomyReport?> ReportAsync(string municipality, string committee, PeriodKey period, CancellationToken ct, bool tracked = false)
    {
        var reports = tracked ? db.EconomyReports : db.EconomyReports.AsNoTracking();
        return await reports.SingleOrDefaultAsync(r => r.MunicipalityCode == municipality && r.CommitteeCode == committee
            && r.Year == period.Year && r.PeriodPoint == period.Point, ct);
    }

    private async Task<Dictionary<string, string>> NarrativesAsync(string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        await db.Narratives.AsNoTracking().ForPeriod(municipality, committee, period).ToDictionaryAsync(n => n.Section, n => n.Text, ct);

    private async Task<List<Domain.LayoutArea>> LayoutAsync(string municipality, string committee, string layout, Domain.PeriodData current, CancellationToken ct) =>
        layout == Domain.LayoutArea.SummaryLayout
            ? current.Allocations.Select(a => a.AsLayoutArea()).ToList()
            : await db.LayoutAreas.AsNoTracking()
                .Where(l => l.MunicipalityCode == municipality && l.CommitteeCode == committee && l.Layout == layout)
                .OrderBy(l => l.SortOrder).ToListAsync(ct);

    private static Columns ToProto(Domain.Columns c) => new()
    {
        Actual = c.Actual.ToProto(),
        Budget = c.Budget.ToProto(),
        Forecast = c.Forecast.ToProto(),
        PreviousYear = c.PreviousYear.ToProto(),
    };

    private static decimal?[] Values(Domain.Columns c) => [c.Actual, c.Budget, c.Forecast, c.PreviousYear];
}
