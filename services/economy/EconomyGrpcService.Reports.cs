using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>The report workflow, its history, and the municipality's activity codes.</summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<EconomyReport> GetReport(GetReportRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();
        var report = await ReportAsync(municipality, committee, period, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no economic report for {committee} {period}"));
        var response = new EconomyReport { State = ToProto(report) };
        if (request.Version > 0)
        {
            var snapshot = await db.ReportSnapshots.AsNoTracking()
                .Where(s => s.ReportKey == report.Key && s.Version == request.Version)
                .OrderByDescending(s => s.TakenAt).FirstOrDefaultAsync(context.CancellationToken)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"version {request.Version} of {report.Key} has no snapshot (only submitted and adopted versions are kept)"));
            response.SnapshotJson = snapshot.Content;
            response.State = new ReportState
            {
                Status = snapshot.Status.ToString().ToLowerInvariant(), Version = snapshot.Version,
                CaseNumber = snapshot.CaseNumber ?? "", DecisionDate = snapshot.DecisionDate?.ToString("yyyy-MM-dd") ?? "",
                ForecastName = report.ForecastName ?? "",
            };
        }
        return response;
    }

    public override Task<EconomyReport> SubmitReport(ReportActionRequest request, ServerCallContext context) =>
        ChangeReportAsync(request, context, (report, figures, units, now) =>
        {
            // Submitting asks for the rules once more on everything stored, not only the last write.
            var violations = Domain.EconomyChecks.Check(figures, units);
            if (violations.Count > 0)
            {
                throw new ValidationFailedException(violations.Select(x => x.ToFieldViolation()).ToList());
            }
            report.Lifecycle.Submit(now);
        });

    public override Task<EconomyReport> AdoptReport(ReportActionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (!DateOnly.TryParseExact(request.DecisionDate, "yyyy-MM-dd", out var decisionDate))
        {
            v.Add("decision_date", $"must be a date yyyy-MM-dd, got '{request.DecisionDate}'");
        }
        v.ThrowIfInvalid();
        return ChangeReportAsync(request, context, (report, _, _, now) => report.Lifecycle.Adopt(request.CaseNumber, decisionDate, now));
    }

    public override Task<EconomyReport> StartReportCorrection(ReportActionRequest request, ServerCallContext context) =>
        ChangeReportAsync(request, context, (report, _, _, _) => report.Lifecycle.StartCorrection());

    private async Task<EconomyReport> ChangeReportAsync(ReportActionRequest request, ServerCallContext context,
        Action<Domain.EconomyReport, IReadOnlyCollection<Domain.ActivityFigure>, IReadOnlyCollection<Domain.OrganisationalUnit>, DateTimeOffset> change)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var report = await ReportAsync(municipality, committee, period, ct, tracked: true)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no economic report for {committee} {period}; record figures first"));
        var data = await LoadAsync(municipality, committee, period, ct);
        var units = await db.Units.AsNoTracking().Where(u => u.MunicipalityCode == municipality && u.CommitteeCode == committee).ToListAsync(ct);
        var now = time.GetUtcNow();

        change(report, data.Figures, units, now);
        report.Touch(now);

        var summary = Domain.ResultSummary.Compute(data, Domain.PeriodData.Empty, Domain.PeriodData.Empty);
        if (report.Lifecycle.Status != ReportStatus.Draft)
        {
            // Every submitted and adopted version stays readable after corrections.
            db.Snapshot(report.Key, report.Lifecycle, await SnapshotAsync(municipality, committee, period, data, ct), now);
        }
        db.Publish(new NamndFollowUp.Events.EconomyReportStatusChanged(municipality, committee, period.Year, period.Point,
            report.Lifecycle.Status.ToString().ToLowerInvariant(), report.Lifecycle.Version, report.Lifecycle.CaseNumber, report.Lifecycle.DecisionDate,
            summary.Total.Allocation, summary.Total.NetCost, summary.Total.Result, now));
        await db.SaveChangesOrAbortAsync(ct);
        return new EconomyReport { State = ToProto(report) };
    }

    private async Task<object> SnapshotAsync(string municipality, string committee, PeriodKey period, Domain.PeriodData data, CancellationToken ct) => new
    {
        Figures = data.Figures.OrderBy(f => f.ActivityCode).ThenBy(f => f.UnitCode).Select(f => new
        {
            f.ActivityCode, f.UnitCode, f.Actual, f.Budget, f.Forecast, f.Costs, f.Income, f.InterventionCost, f.InterventionCostBudget, f.InterventionCostForecast,
        }),
        Allocations = data.Allocations.OrderBy(a => a.SortOrder).Select(a => new { a.AreaName, a.Amount, a.ForecastAmount, AdjustedAmount = data.Adjusted(a), a.ActivityCodes }),
        Adjustments = data.Adjustments.Select(a => new { a.AreaName, a.Amount, a.DecidedBy, a.Reference, a.Reason }),
        Investment = await ForPeriod(db.Investments.AsNoTracking(), municipality, committee, period)
            .Select(i => new { i.MunicipalBudget, i.Outcome, i.Forecast, i.Comment }).SingleOrDefaultAsync(ct),
        Narratives = await NarrativesAsync(municipality, committee, period, ct),
    };

    public override async Task<ReportHistory> ListReportHistory(ListReportHistoryRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();
        // Audit keys start with municipality/committee/year/point for every period-scoped entity.
        var prefix = $"{municipality}/{committee}/{period.Year}/{period.Point}";
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.MunicipalityCode == municipality && e.CommitteeCode == committee
                && (e.EntityKey == prefix || e.EntityKey.StartsWith(prefix + "/")))
            .OrderBy(e => e.Id).Take(10_000).ToListAsync(context.CancellationToken);
        return new ReportHistory
        {
            Entries =
            {
                entries.Select(e => new HistoryEntry
                {
                    At = e.At.ToString("O"), Actor = e.Actor, Entity = e.Entity, EntityKey = e.EntityKey, Action = e.Action, ChangesJson = e.Changes,
                }),
            },
        };
    }

    public override async Task<ActivityCodeList> RecordActivityCodes(RecordActivityCodesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var rows = request.Codes.Select((c, i) => (
            Code: v.Code($"codes[{i}].code", c.Code),
            Name: v.Code($"codes[{i}].name", c.Name, 200),
            Scb: string.IsNullOrWhiteSpace(c.ScbCode) ? null : v.Code($"codes[{i}].scb_code", c.ScbCode))).ToList();
        foreach (var duplicate in rows.GroupBy(r => r.Code).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            v.Add("codes", $"activity code {duplicate.Key} appears {duplicate.Count()} times");
        }
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var existing = await db.ActivityCodes.Where(c => c.MunicipalityCode == municipality).ToDictionaryAsync(c => c.Code, ct);
        foreach (var (code, name, scb) in rows)
        {
            if (!existing.TryGetValue(code, out var definition))
            {
                definition = Domain.ActivityCodeDefinition.Create(municipality, code);
                db.ActivityCodes.Add(definition);
                existing[code] = definition;
            }
            definition.Record(name, scb);
        }
        await db.SaveChangesOrAbortAsync(ct);
        return ToProto(existing.Values);
    }

    public override async Task<ActivityCodeList> ListActivityCodes(ListActivityCodesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.ThrowIfInvalid();
        return ToProto(await db.ActivityCodes.AsNoTracking().Where(c => c.MunicipalityCode == municipality).ToListAsync(context.CancellationToken));
    }

    private static ActivityCodeList ToProto(IEnumerable<Domain.ActivityCodeDefinition> codes) => new()
    {
        Codes = { codes.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new ActivityCode { Code = c.Code, Name = c.Name, ScbCode = c.ScbCode ?? "" }) },
    };
}
