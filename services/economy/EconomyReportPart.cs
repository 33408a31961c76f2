using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
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
/// before it is submitted, and keeps every record of the period, with the units and names, per version.
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

    /// <summary>
    /// Every record of the period, the committee's units and layout areas and the names as they stand now, in the
    /// contract's <see cref="EconomyReportSnapshot"/>: what the committee decided stays readable whatever is written
    /// after it (a stated result, a decision's date, a unit renamed).
    /// </summary>
    public override async Task<object> SnapshotAsync(ICommitteeReport report, CancellationToken ct)
    {
        var r = (Domain.EconomyReport)report;
        var (municipality, committee, period) = (r.MunicipalityCode, r.CommitteeCode, new PeriodKey(r.Year, r.PeriodPoint));
        var records = new RecordEconomyRecordsRequest
        {
            MunicipalityCode = municipality,
            CommitteeCode = committee,
            Period = period.ToProto(),
            ForecastName = r.ForecastName ?? "",
            PreparedBy = r.PreparedBy ?? "",
            DocumentDate = Day(r.DocumentDate),
            CommitteeMeetingDate = Day(r.CommitteeMeetingDate),
        };

        var units = await db.Units.AsNoTracking().Where(u => u.MunicipalityCode == municipality && u.CommitteeCode == committee).ToListAsync(ct);
        records.Units.AddRange(units.OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => new UnitInput
        {
            Code = u.Code, Name = u.Name, Kind = u.Kind.ToString().ToLowerInvariant(), ParentCode = u.ParentCode ?? "",
        }));
        var figures = await db.ActivityFigures.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        records.Figures.AddRange(figures.OrderBy(f => f.ActivityCode, StringComparer.Ordinal).ThenBy(f => f.UnitCode, StringComparer.Ordinal).Select(f => new ActivityFigureInput
        {
            ActivityCode = f.ActivityCode, UnitCode = f.UnitCode, Actual = f.Actual.ToProto(), Budget = f.Budget.ToProto(), Forecast = f.Forecast.ToProto(),
            Costs = f.Costs.ToProto(), Income = f.Income.ToProto(), InterventionCost = f.InterventionCost.ToProto(),
            InterventionCostBudget = f.InterventionCostBudget.ToProto(), InterventionCostForecast = f.InterventionCostForecast.ToProto(),
        }));
        var allocations = await db.Allocations.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        records.Allocations.AddRange(allocations.OrderBy(a => a.SortOrder).ThenBy(a => a.AreaName, StringComparer.Ordinal).Select(a => new AllocationInput
        {
            AreaName = a.AreaName, SortOrder = a.SortOrder, Amount = a.Amount.ToProto(), ForecastAmount = a.ForecastAmount.ToProto(), ActivityCodes = { a.ActivityCodes },
        }));
        var adjustments = await db.BudgetAdjustments.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        records.BudgetAdjustments.AddRange(adjustments.OrderBy(a => a.Reference, StringComparer.Ordinal).ThenBy(a => a.Sequence).Select(a => new BudgetAdjustmentInput
        {
            AreaName = a.AreaName, Amount = a.Amount.ToProto(), DecidedBy = a.DecidedBy, Reference = a.Reference, Reason = a.Reason, DecidedOn = Day(a.DecidedOn),
        }));
        var layouts = await db.LayoutAreas.AsNoTracking().Where(l => l.MunicipalityCode == municipality && l.CommitteeCode == committee).ToListAsync(ct);
        records.LayoutAreas.AddRange(layouts.OrderBy(l => l.Layout, StringComparer.Ordinal).ThenBy(l => l.SortOrder).ThenBy(l => l.AreaName, StringComparer.Ordinal)
            .Select(l => new LayoutAreaInput { Layout = l.Layout, AreaName = l.AreaName, SortOrder = l.SortOrder, ActivityCodes = { l.ActivityCodes } }));
        records.Investment = await db.Investments.AsNoTracking().ForPeriod(municipality, committee, period).SingleOrDefaultAsync(ct) is { } i
            ? new InvestmentInput { MunicipalBudget = i.MunicipalBudget.ToProto(), Outcome = i.Outcome.ToProto(), Forecast = i.Forecast.ToProto(), Comment = i.Comment ?? "" }
            : null;
        records.SavingsDecisions.AddRange(SavingsDecisions(
            await db.SavingsDecisions.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct),
            await db.SavingsMeasures.AsNoTracking().ForPeriod(municipality, committee, period).OrderBy(m => m.Id).ToListAsync(ct)));
        var narratives = await db.Narratives.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        records.Narratives.AddRange(narratives.OrderBy(n => n.Section, StringComparer.Ordinal).Select(n => new NarrativeInput { Section = n.Section, Text = n.Text }));
        var stated = await db.StatedDeviations.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        records.StatedDeviations.AddRange(stated.OrderBy(d => d.UnitCode, StringComparer.Ordinal).Select(d => new StatedDeviationInput
        {
            UnitCode = d.UnitCode, Deviation = d.Deviation.ToProto(), ForecastDeviation = d.ForecastDeviation.ToProto(),
        }));
        var items = await db.DeviationItems.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        records.DeviationItems.AddRange(items.OrderBy(d => d.UnitCode, StringComparer.Ordinal).ThenBy(d => d.Kind).ThenBy(d => d.Description, StringComparer.Ordinal)
            .Select(d => new DeviationItemInput
            {
                UnitCode = d.UnitCode, Kind = (DeviationItemKind)d.Kind, Description = d.Description, Amount = d.Amount.ToProto(), FullTimeEquivalents = d.FullTimeEquivalents.ToProto(),
            }));

        var named = figures.Select(f => f.ActivityCode).Concat(allocations.SelectMany(a => a.ActivityCodes)).Concat(layouts.SelectMany(l => l.ActivityCodes)).Distinct().ToList();
        var codes = await db.ActivityCodes.AsNoTracking().Where(c => c.MunicipalityCode == municipality && named.Contains(c.Code)).ToListAsync(ct);
        var snapshot = new EconomyReportSnapshot
        {
            Records = records,
            MunicipalityName = await db.MunicipalityNames.AsNoTracking().Where(m => m.MunicipalityCode == municipality).Select(m => m.Name).SingleOrDefaultAsync(ct) ?? "",
            CommitteeName = await db.CommitteeNames.AsNoTracking().Where(c => c.MunicipalityCode == municipality && c.CommitteeCode == committee).Select(c => c.Name).SingleOrDefaultAsync(ct) ?? "",
            ActivityCodes = { codes.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new ActivityCode { Code = c.Code, Name = c.Name, ScbCode = c.ScbCode ?? "" }) },
        };
        // In the contract's JSON, every field written, so that a reader sees "" (the committee's stated total) and
        // false (a measure the committee did not decide) rather than a field left out.
        using var json = JsonDocument.Parse(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true)).Format(snapshot));
        return json.RootElement.Clone();
    }

    /// <summary>Each decision with its measures in the order GetSavings lists them; a reference only measures name keeps their date and body.</summary>
    private static IEnumerable<SavingsDecisionInput> SavingsDecisions(IReadOnlyCollection<Domain.SavingsDecision> decisions, IReadOnlyCollection<Domain.SavingsMeasure> measures)
    {
        foreach (var reference in decisions.Select(d => d.Reference).Concat(measures.Select(m => m.DecisionReference)).Distinct().Order(StringComparer.Ordinal))
        {
            var decision = decisions.SingleOrDefault(d => d.Reference == reference);
            var own = measures.Where(m => m.DecisionReference == reference).ToList();
            yield return new SavingsDecisionInput
            {
                Reference = reference,
                DecidedOn = Day(decision?.DecidedOn ?? own[0].DecidedOn),
                DecidedBy = decision?.DecidedBy ?? own[0].DecidedBy,
                FullYearEffect = decision?.FullYearEffect.ToProto(),
                EffectThisYear = decision?.EffectThisYear.ToProto(),
                Requirement = decision?.Requirement ?? "",
                RequirementAmount = decision?.RequirementAmount.ToProto(),
                AchievedEffect = decision?.AchievedEffect.ToProto(),
                Description = decision?.Description ?? "",
                Measures =
                {
                    own.Select(m => new SavingsMeasure
                    {
                        Name = m.Name, DecidedByCommittee = m.DecidedByCommittee, FullYearEffect = m.FullYearEffect.ToProto(), EffectThisYear = m.EffectThisYear.ToProto(),
                    }),
                },
            };
        }
    }

    private static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static IQueryable<Domain.EconomyReport> Reports(IQueryable<Domain.EconomyReport> reports, string municipality, string committee, PeriodKey period) =>
        reports.ForPeriod(municipality, committee, period);
}
