using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// Kommunledningskontoret's overview of a period, asked of the gateway in parallel: the composed municipality
/// view, the previous follow-up's results, each committee's forecast and adoption, the focus goals'
/// assessments and the key figures with their comparison groups.
/// </summary>
public sealed class OverviewReader(
    FollowUpService.FollowUpServiceClient followUp,
    EconomyService.EconomyServiceClient economy,
    PlanningService.PlanningServiceClient planning,
    KeyFiguresService.KeyFiguresServiceClient keyFigures)
{
    // Each committee's forecast and adoption are separate calls; a few at a time keep the services responsive.
    private const int Parallel = 8;

    public async Task<Overview> ReadAsync(string municipality, PeriodChoice period, CancellationToken cancellationToken)
    {
        var composed = followUp.GetMunicipalityFollowUpAsync(
            new GetMunicipalityFollowUpRequest { MunicipalityCode = municipality, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync;
        var earlier = EarlierResultsAsync(municipality, period, cancellationToken);
        var thresholds = Calls.TryAsync(() => economy.GetResultThresholdsAsync(
            new GetResultThresholdsRequest { MunicipalityCode = municipality }, cancellationToken: cancellationToken).ResponseAsync);
        var goals = FocusGoalsAsync(municipality, period, cancellationToken);
        var figures = Calls.TryAsync(() => keyFigures.ListMunicipalityKeyFiguresAsync(
            new ListMunicipalityKeyFiguresRequest { MunicipalityCode = municipality, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);

        var view = await composed;
        var limit = new SemaphoreSlim(Parallel);
        var perCommittee = view.Committees.Select(c => CommitteeExtrasAsync(municipality, c.CommitteeCode, period, limit, cancellationToken)).ToList();
        var comparisons = ComparisonsAsync(municipality, period, await figures, limit, cancellationToken);
        var earlierResults = await earlier;
        // The nearest earlier follow-up of the year that has results is what "the change since" compares with.
        var (previousPeriod, previousResults) = earlierResults.Count > 0 ? earlierResults[0] : (null, null);
        var extras = await Task.WhenAll(perCommittee);

        var thresholdAnswer = await thresholds;
        var light = thresholdAnswer.Value is { } t ? TrafficLightThresholds.From(t) : null;
        var rows = view.Committees.Zip(extras, (c, extra) =>
        {
            var allocation = Kronor.Parse(c.Result?.Allocation);
            var result = Kronor.Parse(c.Result?.Result);
            // Each committee against its own previous follow-up: another committee's monthly report (a November)
            // must not make the committees that report only delår and helår lose their change.
            var before = earlierResults
                .Select(e => e.Results.Committees.FirstOrDefault(p => p.CommitteeCode == c.CommitteeCode) is { } p ? Kronor.Parse(p.Result) : null)
                .FirstOrDefault(r => r is not null);
            var change = result - before;
            return new CommitteeRow(c.CommitteeCode, allocation, Kronor.Parse(c.Result?.NetCost), result, extra.Forecast, before, change,
                light?.ForResult(result, allocation) ?? TrafficLight.None, light?.ForChange(change, allocation) ?? TrafficLight.None, extra.Adoption, extra.Missing, c);
        }).ToList();

        var missing = new List<string>();
        if (light is null)
        {
            missing.Add($"Trafikljusens gränser (inga signaler visas): {thresholdAnswer.Missing ?? "ofullständiga"}");
        }
        foreach (var (part, name) in new[] { (view.Economy, "Ekonomi"), (view.Planning, "Verksamhetsplan"), (view.KeyFigures, "Nyckeltal") })
        {
            if (part is { Available: false })
            {
                missing.Add($"{name}: {part.MissingReason}");
            }
        }
        var keyFigureView = await figures;
        if (keyFigureView.Missing is { } kf)
        {
            missing.Add($"Nyckeltal per nämnd: {kf}");
        }
        var focusGoals = await goals;
        if (focusGoals.Missing is { } fg)
        {
            missing.Add($"Fokusmål: {fg}");
        }
        var trend = earlierResults.AsEnumerable().Reverse().Select(e => TrendPointOf(e.Period.Name, e.Results.Total))
            .Append(TrendPointOf(period.Name, view.Total)).ToList();
        return new Overview(period, previousPeriod, rows, view.Total, missing, focusGoals.Value ?? [], keyFigureView.Value, await comparisons, trend, light);
    }

    private static TrendPoint TrendPointOf(string name, CommitteeResult? total) =>
        new(name, Kronor.Parse(total?.Allocation), Kronor.Parse(total?.NetCost), Kronor.Parse(total?.Result));

    /// <summary>
    /// The earlier follow-ups of the year that have results, the nearest first: the change since the previous one
    /// and the year's trend. All are asked at once (at most thirteen small calls): asked one after the other, a
    /// year with only a helår would wait for thirteen answers in a row.
    /// </summary>
    private async Task<IReadOnlyList<(PeriodChoice Period, MunicipalityResults Results)>> EarlierResultsAsync(string municipality, PeriodChoice period,
        CancellationToken cancellationToken)
    {
        var candidates = period.Earlier().Select(p => (Period: p, Results: Calls.TryAsync(() => economy.ListMunicipalityResultsAsync(
            new ListMunicipalityResultsRequest { MunicipalityCode = municipality, Period = p.ToProto() }, cancellationToken: cancellationToken).ResponseAsync))).ToList();
        var found = new List<(PeriodChoice, MunicipalityResults)>();
        foreach (var (p, results) in candidates)
        {
            if ((await results).Value is { Committees.Count: > 0 } r)
            {
                found.Add((p, r));
            }
        }
        return found;
    }

    private async Task<CommitteeExtras> CommitteeExtrasAsync(string municipality, string committee, PeriodChoice period, SemaphoreSlim limit, CancellationToken cancellationToken)
    {
        await limit.WaitAsync(cancellationToken);
        try
        {
            var summary = Calls.TryAsync(() => economy.GetResultSummaryAsync(
                new GetResultSummaryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
            var adoption = Calls.TryAsync(() => followUp.GetCommitteeAdoptionAsync(
                new GetCommitteeFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
            var missing = new List<string>();
            var forecast = (await summary).Value?.Total is { } total ? Kronor.Parse(total.ForecastResult) : null;
            if (forecast is null)
            {
                missing.Add("prognos");
            }
            var state = await adoption;
            if (state.Value is { } a)
            {
                missing.AddRange(a.Parts.Where(p => p.State is null || p.State.Status == Contracts.Common.V1.ReportStatus.Unspecified).Select(p => SwedishNames.OfService(p.Service).ToLowerInvariant()));
                missing.AddRange(a.Missing.Select(m => $"{SwedishNames.OfService(m.Service).ToLowerInvariant()} (svarar inte)"));
            }
            return new CommitteeExtras(forecast, state.Value, missing);
        }
        finally
        {
            limit.Release();
        }
    }

    private async Task<Maybe<IReadOnlyList<FocusGoalAssessments>>> FocusGoalsAsync(string municipality, PeriodChoice period, CancellationToken cancellationToken)
    {
        var plan = await Calls.TryAsync(() => planning.GetPlanAsync(new GetPlanRequest { MunicipalityCode = municipality, Year = period.Year }, cancellationToken: cancellationToken).ResponseAsync);
        if (plan.Value is null)
        {
            return new(null, plan.Missing);
        }
        var goals = await Task.WhenAll(plan.Value.FocusGoals.Select(g => Calls.TryAsync(() => planning.ListFocusGoalAssessmentsAsync(
            new ListFocusGoalAssessmentsRequest { MunicipalityCode = municipality, FocusGoalNumber = g.Number, Period = period.ToProto() },
            cancellationToken: cancellationToken).ResponseAsync)));
        return new(goals.Zip(plan.Value.FocusGoals, (a, g) => new FocusGoalAssessments(g, a.Value?.Committees.ToList() ?? [], a.Missing)).ToList(), null);
    }

    /// <summary>Each committee's computable key figure against the comparison groups the office defined.</summary>
    private async Task<IReadOnlyList<KeyFigureComparisonRow>> ComparisonsAsync(string municipality, PeriodChoice period, Maybe<MunicipalityKeyFigures> figures,
        SemaphoreSlim limit, CancellationToken cancellationToken)
    {
        if (figures.Value is not { } view)
        {
            return [];
        }
        var cells = view.Rows.Where(r => r.Category == Category.KeyFigure)
            .SelectMany(r => r.Cells.Where(c => c.Computable).Select(c => (Row: r, Cell: c))).ToList();
        var compared = await Task.WhenAll(cells.Select(async x =>
        {
            await limit.WaitAsync(cancellationToken);
            try
            {
                return await Calls.TryAsync(() => keyFigures.CompareKeyFigureAsync(new CompareKeyFigureRequest
                {
                    MunicipalityCode = municipality, CommitteeCode = x.Cell.CommitteeCode, DefinitionCode = x.Row.DefinitionCode, Period = period.ToProto(),
                }, cancellationToken: cancellationToken).ResponseAsync);
            }
            finally
            {
                limit.Release();
            }
        }));
        return cells.Zip(compared, (x, c) => new KeyFigureComparisonRow(x.Row, x.Cell, c.Value?.Groups.ToList() ?? []))
            .Where(r => r.Groups.Count > 0).ToList();
    }

    private sealed record CommitteeExtras(decimal? Forecast, CommitteeAdoption? Adoption, IReadOnlyList<string> Missing);
}

public sealed record Overview(
    PeriodChoice Period,
    PeriodChoice? PreviousPeriod,
    IReadOnlyList<CommitteeRow> Committees,
    CommitteeResult? Total,
    IReadOnlyList<string> MissingParts,
    IReadOnlyList<FocusGoalAssessments> FocusGoals,
    MunicipalityKeyFigures? KeyFigures,
    IReadOnlyList<KeyFigureComparisonRow> Comparisons,
    IReadOnlyList<TrendPoint> Trend,
    TrafficLightThresholds? Thresholds);

public sealed record CommitteeRow(
    string Code,
    decimal? Allocation,
    decimal? NetCost,
    decimal? Result,
    decimal? Forecast,
    decimal? PreviousResult,
    decimal? Change,
    TrafficLight ResultLight,
    TrafficLight ChangeLight,
    CommitteeAdoption? Adoption,
    IReadOnlyList<string> Missing,
    CommitteeOverview Overview);

public sealed record FocusGoalAssessments(FocusGoal Goal, IReadOnlyList<CommitteeAssessment> Committees, string? Missing);

public sealed record KeyFigureComparisonRow(MunicipalityKeyFigureRow Row, CommitteeKeyFigureCell Cell, IReadOnlyList<GroupComparison> Groups);
