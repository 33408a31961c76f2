using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;
using Domain = NamndFollowUp.Economy.Domain;
using static NamndFollowUp.Economy.EconomyGrpcService;

namespace NamndFollowUp.Economy;

/// <summary>
/// The economic report in the shared lifecycle: it exists once figures are recorded, is checked whole
/// before it is submitted, and keeps its figures, allocations, investments and narratives per version.
/// </summary>
public sealed class EconomyReportPart(EconomyDbContext db) : ReportPart
{
    public override async Task<ReportLifecycle?> FindAsync(string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        (await Reports(db.EconomyReports.AsNoTracking(), municipality, committee, period).SingleOrDefaultAsync(ct))?.Lifecycle;

    public override async Task<IReadOnlyDictionary<string, ReportLifecycle>> FindAllAsync(string municipality, PeriodKey period, CancellationToken ct) =>
        await db.EconomyReports.AsNoTracking().ForMunicipalityPeriod(municipality, period)
            .Select(r => new { r.CommitteeCode, r.Lifecycle }).ToDictionaryAsync(r => r.CommitteeCode, r => r.Lifecycle, StringComparer.Ordinal, ct);

    public override async Task<ICommitteeReport> ReportToChangeAsync(string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        await Reports(db.EconomyReports, municipality, committee, period).SingleOrDefaultAsync(ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no economic report for {committee} {period}; record figures first"));

    public override async Task BeforeAsync(ICommitteeReport report, ReportAction action, CancellationToken ct)
    {
        if (action != ReportAction.Submit)
        {
            return;
        }
        // Submitting asks for the rules once more on everything stored, not only the last write.
        var r = (Domain.EconomyReport)report;
        var period = new PeriodKey(r.Year, r.PeriodPoint);
        var figures = await db.ActivityFigures.AsNoTracking().ForPeriod(r.MunicipalityCode, r.CommitteeCode, period).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.MunicipalityCode == r.MunicipalityCode && u.CommitteeCode == r.CommitteeCode).ToListAsync(ct);
        var violations = Domain.EconomyChecks.Check(figures, units);
        if (violations.Count > 0)
        {
            throw new ValidationFailedException(violations.Select(x => x.ToFieldViolation()).ToList());
        }
    }

    public override async Task<object> SnapshotAsync(ICommitteeReport report, CancellationToken ct)
    {
        var r = (Domain.EconomyReport)report;
        var (municipality, committee, period) = (r.MunicipalityCode, r.CommitteeCode, new PeriodKey(r.Year, r.PeriodPoint));
        var data = new Domain.PeriodData(await db.ActivityFigures.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct),
            await db.Allocations.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct),
            await db.BudgetAdjustments.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct));
        return new
        {
            Figures = data.Figures.OrderBy(f => f.ActivityCode).ThenBy(f => f.UnitCode).Select(f => new
            {
                f.ActivityCode, f.UnitCode, f.Actual, f.Budget, f.Forecast, f.Costs, f.Income, f.InterventionCost, f.InterventionCostBudget, f.InterventionCostForecast,
            }),
            Allocations = data.Allocations.OrderBy(a => a.SortOrder).Select(a => new { a.AreaName, a.Amount, a.ForecastAmount, AdjustedAmount = data.Adjusted(a), a.ActivityCodes }),
            Adjustments = data.Adjustments.Select(a => new { a.AreaName, a.Amount, a.DecidedBy, a.Reference, a.Reason }),
            Investment = await db.Investments.AsNoTracking().ForPeriod(municipality, committee, period)
                .Select(i => new { i.MunicipalBudget, i.Outcome, i.Forecast, i.Comment }).SingleOrDefaultAsync(ct),
            Narratives = await db.Narratives.AsNoTracking().ForPeriod(municipality, committee, period).ToDictionaryAsync(n => n.Section, n => n.Text, ct),
            r.ForecastName,
        };
    }

    private static IQueryable<Domain.EconomyReport> Reports(IQueryable<Domain.EconomyReport> reports, string municipality, string committee, PeriodKey period) =>
        reports.ForPeriod(municipality, committee, period);
}
