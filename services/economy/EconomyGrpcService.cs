using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Scopes;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>Maps and validates requests; the rules live in the domain types.</summary>
public sealed partial class EconomyGrpcService(EconomyDbContext db, TimeProvider time, NamndFollowUp.Documents.PdfPrinter pdfPrinter,
    Microsoft.Extensions.Logging.ILogger<EconomyImporter> importLog) : EconomyService.EconomyServiceBase
{
    public override async Task<RecordActivityFiguresResponse> RecordActivityFigures(RecordActivityFiguresRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        if (request.Figures.Count == 0)
        {
            v.Add("figures", "at least one activity figure is required");
        }
        var rows = request.Figures.Select((f, i) => (
            Code: v.Code($"figures[{i}].activity_code", f.ActivityCode),
            Unit: string.IsNullOrWhiteSpace(f.UnitCode) ? "" : v.Code($"figures[{i}].unit_code", f.UnitCode),
            Measures: new Domain.FigureMeasures(
                v.OptionalAmount($"figures[{i}].actual", f.Actual),
                v.OptionalAmount($"figures[{i}].budget", f.Budget),
                v.OptionalAmount($"figures[{i}].forecast", f.Forecast),
                v.OptionalAmount($"figures[{i}].costs", f.Costs),
                v.OptionalAmount($"figures[{i}].income", f.Income),
                v.OptionalAmount($"figures[{i}].intervention_cost", f.InterventionCost),
                v.OptionalAmount($"figures[{i}].intervention_cost_budget", f.InterventionCostBudget),
                v.OptionalAmount($"figures[{i}].intervention_cost_forecast", f.InterventionCostForecast)))).ToList();
        foreach (var duplicate in rows.GroupBy(r => (r.Code, r.Unit)).Where(g => g.Key.Code.Length > 0 && g.Count() > 1))
        {
            v.Add("figures", $"activity code {duplicate.Key.Code}{(duplicate.Key.Unit.Length > 0 ? $" unit {duplicate.Key.Unit}" : "")} appears {duplicate.Count()} times");
        }
        v.ThrowIfInvalid();
        var register = await EconomyImporter.ActivityRegisterAsync(db, municipality, context.CancellationToken);
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            if (register.Problem(row.Code) is { } problem) v.Add($"figures[{i}].activity_code", problem);
        }
        v.ThrowIfInvalid();

        await using var transaction = await BeginPeriodWriteAsync(municipality, committee, period, context.CancellationToken);
        await EnsureEditableAsync(municipality, committee, period, context.CancellationToken);
        var codes = rows.Select(r => r.Code).Distinct().ToList();
        var existing = await db.ActivityFigures.ForPeriod(municipality, committee, period)
            .Where(f => codes.Contains(f.ActivityCode))
            .ToDictionaryAsync(f => (f.ActivityCode, f.UnitCode), context.CancellationToken);

        var now = time.GetUtcNow();
        var result = new List<Domain.ActivityFigure>(rows.Count);
        foreach (var row in rows)
        {
            if (!existing.TryGetValue((row.Code, row.Unit), out var figure))
            {
                figure = Domain.ActivityFigure.Create(municipality, committee, period.Year, period.Point, row.Code, row.Unit);
                db.ActivityFigures.Add(figure);
            }
            if (figure.Record(row.Measures, now))
            {
                db.Publish(figure.ToChangedEvent());
            }
            result.Add(figure);
        }
        await CheckRulesAsync(municipality, committee, period, result, context.CancellationToken);
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);

        return new RecordActivityFiguresResponse { Figures = { result.Select(ToProto) } };
    }

    public override async Task<ListActivityFiguresResponse> ListActivityFigures(ListActivityFiguresRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();

        var figures = await db.ActivityFigures.AsNoTracking().ForPeriod(municipality, committee, period)
            .OrderBy(f => f.ActivityCode).ThenBy(f => f.UnitCode)
            .ToListAsync(context.CancellationToken);
        return new ListActivityFiguresResponse { Figures = { figures.Select(ToProto) } };
    }

    public override async Task<Allocation> RecordAllocation(RecordAllocationRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        var areaName = v.Code("area_name", request.AreaName, 200);
        var amount = v.Amount("amount", request.Amount);
        var codes = request.ActivityCodes.Select((c, i) => v.Code($"activity_codes[{i}]", c)).Distinct().ToList();
        v.ThrowIfInvalid();

        var forecastAmount = v.OptionalAmount("forecast_amount", request.ForecastAmount);
        v.ThrowIfInvalid();
        var register = await EconomyImporter.ActivityRegisterAsync(db, municipality, context.CancellationToken);
        foreach (var (code, i) in codes.Select((c, i) => (c, i)))
        {
            if (register.Problem(code) is { } problem) v.Add($"activity_codes[{i}]", problem);
        }
        v.ThrowIfInvalid();
        await using var transaction = await BeginPeriodWriteAsync(municipality, committee, period, context.CancellationToken);
        await EnsureEditableAsync(municipality, committee, period, context.CancellationToken);

        var allocations = await db.Allocations.ForPeriod(municipality, committee, period).ToListAsync(context.CancellationToken);
        var areas = allocations.Where(a => a.AreaName != areaName).Select(a => (a.AreaName, a.ActivityCodes.AsEnumerable())).Append((areaName, codes));
        foreach (var (code, inAreas) in Domain.CodeInOneArea.Conflicts(areas))
        {
            v.Add("activity_codes", $"activity code {code} already belongs to area '{inAreas.First(a => a != areaName)}'");
        }
        v.ThrowIfInvalid();

        var allocation = allocations.SingleOrDefault(a => a.AreaName == areaName);
        if (allocation is null)
        {
            allocation = Domain.Allocation.Create(municipality, committee, period.Year, period.Point, areaName);
            db.Allocations.Add(allocation);
        }
        var adjustments = await db.BudgetAdjustments.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(context.CancellationToken);
        if (allocation.Record(amount, forecastAmount, codes, request.SortOrder, time.GetUtcNow()))
        {
            db.Publish(allocation.ToChangedEvent(allocation.Adjusted(adjustments)));
        }
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        return ToProto(allocation, adjustments);
    }

    public override async Task<ResultSummary> GetResultSummary(GetResultSummaryRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();

        var ct = context.CancellationToken;
        var current = await LoadAsync(municipality, committee, period, ct);
        var previousYear = await LoadAsync(municipality, committee, period with { Year = period.Year - 1 }, ct);
        var previousFollowUp = await PreviousFollowUpAsync(municipality, committee, period, ct) is { } p ? await LoadAsync(municipality, committee, p, ct) : Domain.PeriodData.Empty;
        var summary = Domain.ResultSummary.Compute(current, previousYear, previousFollowUp);
        var report = await ReportAsync(municipality, committee, period, ct);
        var narratives = await NarrativesAsync(municipality, committee, period, ct);

        var rows = summary.Areas.Append(summary.Total).Select(a => (a.AreaName, new decimal?[] { a.Allocation, a.Result, a.PreviousYearResult, a.ForecastResult }));
        return new ResultSummary
        {
            MunicipalityCode = municipality,
            CommitteeCode = committee,
            Period = period.ToProto(),
            Areas = { summary.Areas.Select(ToProto) },
            Total = ToProto(summary.Total),
            UnallocatedActivityCodes = { summary.UnallocatedActivityCodes },
            ForecastName = report?.ForecastName ?? "",
            Narrative = narratives.GetValueOrDefault("summary", ""),
            Rendered = Domain.Rendering.Table($"Sammanfattning av ekonomiskt resultat {period}",
                ["Verksamhetsområde", $"Kommunbidrag {period.Year}", $"Årets resultat {period.Year}", $"Årets resultat {period.Year - 1}", $"Resultat {report?.ForecastName ?? "prognos"}"], rows, 0),
            Report = report?.Lifecycle.ToProto(),
            MunicipalityName = await MunicipalityNameAsync(municipality, ct),
            CommitteeName = await CommitteeNameAsync(municipality, committee, ct),
            PreparedBy = report?.PreparedBy ?? "",
            DocumentDate = IsoDate(report?.DocumentDate),
            CommitteeMeetingDate = IsoDate(report?.CommitteeMeetingDate),
        };
    }

    private static string IsoDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static (string Municipality, string Committee, PeriodKey Period) Scope(
        RequestValidator v, string municipalityCode, string committeeCode, Contracts.Common.V1.Period? period) =>
        (v.MunicipalityCode("municipality_code", municipalityCode), v.Code("committee_code", committeeCode), v.Period("period", period));

    private static ActivityFigure ToProto(Domain.ActivityFigure f) => new()
    {
        ActivityCode = f.ActivityCode,
        Actual = f.Actual.ToProto(),
        Budget = f.Budget.ToProto(),
        Version = f.Version,
        UnitCode = f.UnitCode,
        Forecast = f.Forecast.ToProto(),
        Costs = f.Costs.ToProto(),
        Income = f.Income.ToProto(),
        InterventionCost = f.InterventionCost.ToProto(),
        InterventionCostBudget = f.InterventionCostBudget.ToProto(),
        InterventionCostForecast = f.InterventionCostForecast.ToProto(),
    };

    private static Allocation ToProto(Domain.Allocation a, IReadOnlyCollection<Domain.BudgetAdjustment> adjustments) => new()
    {
        AreaName = a.AreaName,
        Amount = a.Amount.ToProto(),
        ActivityCodes = { a.ActivityCodes },
        SortOrder = a.SortOrder,
        ForecastAmount = a.ForecastAmount.ToProto(),
        AdjustedAmount = a.Adjusted(adjustments).ToProto(),
    };

    private static AreaResult ToProto(Domain.AreaResult r) => new()
    {
        AreaName = r.AreaName,
        Allocation = r.Allocation.ToProto(),
        NetCost = r.NetCost.ToProto(),
        Result = r.Result.ToProto(),
        PreviousYearResult = r.PreviousYearResult.ToProto(),
        ForecastResult = r.ForecastResult.ToProto(),
        ShareOfAllocation = r.ShareOfAllocation.ToProto(),
        DeviationAgainstBudget = r.DeviationAgainstBudget.ToProto(),
        DeviationAgainstForecast = r.DeviationAgainstForecast.ToProto(),
        DeviationAgainstPreviousYear = r.DeviationAgainstPreviousYear.ToProto(),
        DeviationAgainstPreviousFollowUp = r.DeviationAgainstPreviousFollowUp.ToProto(),
    };
}
