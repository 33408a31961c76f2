using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// Kommunledningskontoret's overview of a period, asked of the gateway in parallel, one call per kind of answer
/// rather than one per committee (issue #16: usable within 1 s): the composed municipality view (with every
/// committee's adoption), economy's result overviews of the year up to the period (each committee's result and
/// forecast, stated or derived, the change since its previous follow-up, and the year's trend), planning's narrative
/// checks of every committee, the thresholds, the focus goals' assessments and the key figures with their comparison
/// groups.
/// </summary>
public sealed class OverviewReader(
    FollowUpService.FollowUpServiceClient followUp,
    EconomyService.EconomyServiceClient economy,
    PlanningService.PlanningServiceClient planning,
    KeyFiguresService.KeyFiguresServiceClient keyFigures,
    ILogger<OverviewReader> logger)
{
    // The key-figure comparisons are one call per committee and key figure; a few at a time keep the services responsive.
    private const int Parallel = 8;

    public async Task<Overview> ReadAsync(string municipality, PeriodChoice period, CancellationToken cancellationToken)
    {
        var timer = new PartTimer(logger, $"Overview {municipality} {period.Name}");
        var composed = timer.TimeAsync("GetMunicipalityFollowUp", () => followUp.GetMunicipalityFollowUpAsync(
            new GetMunicipalityFollowUpRequest { MunicipalityCode = municipality, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        var year = timer.TimeAsync("ListMunicipalityResultOverviews", () => Calls.TryAsync(() => economy.ListMunicipalityResultOverviewsAsync(
            new MunicipalityViewRequest { MunicipalityCode = municipality, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync));
        var narratives = timer.TimeAsync("ListNarrativeChecks", () => Calls.TryAsync(() => planning.ListNarrativeChecksAsync(
            new ListNarrativeChecksRequest { MunicipalityCode = municipality, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync));
        var thresholds = timer.TimeAsync("GetResultThresholds", () => Calls.TryAsync(() => economy.GetResultThresholdsAsync(
            new GetResultThresholdsRequest { MunicipalityCode = municipality }, cancellationToken: cancellationToken).ResponseAsync));
        var goals = timer.TimeAsync("GetPlan + ListFocusGoalAssessments per goal", () => FocusGoalsAsync(municipality, period, cancellationToken));
        var figures = timer.TimeAsync("ListMunicipalityKeyFigures", () => Calls.TryAsync(() => keyFigures.ListMunicipalityKeyFiguresAsync(
            new ListMunicipalityKeyFiguresRequest { MunicipalityCode = municipality, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync));
        var comparisons = CompareAsync();
        async Task<IReadOnlyList<KeyFigureComparisonRow>> CompareAsync()
        {
            var sheet = await figures;
            return await timer.TimeAsync($"CompareKeyFigure × {ComparableCells(sheet).Count}", () => ComparisonsAsync(municipality, period, sheet, cancellationToken));
        }

        var view = await composed;
        var yearAnswer = await year;
        // The period's own overview comes last; the earlier ones are the year's trend.
        var resultAnswer = yearAnswer.Value is { FollowUps.Count: > 0 } y ? new Maybe<MunicipalityResultOverview>(y.FollowUps[^1], null) : new(null, yearAnswer.Missing ?? "inget svar");
        var resultRows = resultAnswer.Value?.Committees.ToDictionary(c => c.CommitteeCode, StringComparer.Ordinal) ?? [];
        // A committee that only states its result (no allocation, no figures) is unknown to the composed view's
        // economy part; it is still one of the office's committees. Its adoption is asked for on its own.
        var committees = view.Committees
            .Concat(resultRows.Values.Where(r => r.Result is not null && view.Committees.All(c => c.CommitteeCode != r.CommitteeCode))
                .Select(r => new CommitteeOverview { CommitteeCode = r.CommitteeCode }))
            .OrderBy(c => c.CommitteeCode, StringComparer.Ordinal).ToList();
        var adoptions = await Task.WhenAll(committees.Select(c => c.Adoption is { } a
            ? Task.FromResult(new Maybe<CommitteeAdoption>(a, null))
            : Calls.TryAsync(() => followUp.GetCommitteeAdoptionAsync(new GetCommitteeFollowUpRequest
            {
                MunicipalityCode = municipality, CommitteeCode = c.CommitteeCode, Period = period.ToProto(),
            }, cancellationToken: cancellationToken).ResponseAsync)));

        var narrativeAnswer = await narratives;
        // A committee without a follow-up in planning has no check: "–", not zero warnings.
        var warnings = narrativeAnswer.Value?.Committees.ToDictionary(c => c.CommitteeCode, c => c.Mismatches + c.Ambiguous, StringComparer.Ordinal);
        var thresholdAnswer = await thresholds;
        var light = thresholdAnswer.Value is { } t ? TrafficLightThresholds.From(t) : null;
        var rows = committees.Zip(adoptions, (c, adoption) =>
        {
            // Economy's result overview decides each committee's result: the one it states (a result report), else
            // Allocation − NetCost of its figures; and the change against the committee's own previous follow-up,
            // only between figures of one source. Without that answer no result is shown rather than a guess.
            var r = resultRows.GetValueOrDefault(c.CommitteeCode);
            var allocation = Kronor.Parse(r is null ? c.Result?.Allocation : r.Allocation);
            var result = Kronor.Parse(r?.Result);
            var change = Kronor.Parse(r?.ResultChange);
            var forecast = Kronor.Parse(r?.ForecastResult);
            var missing = MissingParts(adoption.Value);
            if (forecast is null)
            {
                missing.Insert(0, "prognos");
            }
            return new CommitteeRow(c.CommitteeCode, allocation, Kronor.Parse(r is null ? c.Result?.NetCost : r.NetCost), result, r?.ResultSource ?? "",
                forecast, r?.ForecastSource ?? "", r?.PreviousFollowUp is { Point: not Contracts.Common.V1.PeriodPoint.Unspecified } p ? new PeriodChoice(p.Year, p.Point) : null,
                change, light?.ForResult(result, allocation) ?? TrafficLight.None, light?.ForChange(change, allocation) ?? TrafficLight.None, adoption.Value, missing,
                warnings is not null && warnings.TryGetValue(c.CommitteeCode, out var n) ? n : null, c);
        }).ToList();

        var missingParts = new List<string>();
        if (resultAnswer.Missing is { } rm)
        {
            missingParts.Add($"Nämndernas resultat och prognoser (visas inte): {rm}");
        }
        if (light is null)
        {
            missingParts.Add($"Trafikljusens gränser (inga signaler visas): {thresholdAnswer.Missing ?? "ofullständiga"}");
        }
        if (narrativeAnswer.Missing is { } nm)
        {
            missingParts.Add($"Varningar text mot siffror (visas inte): {nm}");
        }
        foreach (var (part, name) in new[] { (view.Economy, "Ekonomi"), (view.Planning, "Verksamhetsplan"), (view.KeyFigures, "Nyckeltal") })
        {
            if (part is { Available: false })
            {
                missingParts.Add($"{name}: {part.MissingReason}");
            }
        }
        var keyFigureView = await figures;
        if (keyFigureView.Missing is { } kf)
        {
            missingParts.Add($"Nyckeltal per nämnd: {kf}");
        }
        var focusGoals = await goals;
        if (focusGoals.Missing is { } fg)
        {
            missingParts.Add($"Fokusmål: {fg}");
        }
        var basis = resultAnswer.Value is { } o ? ResultBasis.Of(o.Committees, Kronor.Parse(o.TotalResult)) : null;
        var total = new OverviewTotal(Sum(rows.Select(r => r.Allocation)), Sum(rows.Select(r => r.NetCost)), basis,
            Kronor.Parse(resultAnswer.Value?.TotalForecastResult), Kronor.Parse(resultAnswer.Value?.TotalResultChange));
        // Each earlier follow-up of the year with results, as economy's result overview sums it (stated results where
        // committees state them), then the period's own.
        var trend = (yearAnswer.Value?.FollowUps.SkipLast(1) ?? [])
            .Select(f => new TrendPoint(new PeriodChoice(f.Period.Year, f.Period.Point).Name, ResultBasis.Of(f.Committees, Kronor.Parse(f.TotalResult))))
            .Concat(basis is null ? [] : [new TrendPoint(period.Name, basis)]).ToList();
        var overview = new Overview(period, rows, total, missingParts, focusGoals.Value ?? [], keyFigureView.Value, await comparisons, trend, light);
        timer.Done();
        return overview;
    }

    /// <summary>The sum of the amounts that are there; none when none is (not 0: "no figures" is not "zero").</summary>
    private static decimal? Sum(IEnumerable<decimal?> amounts)
    {
        var present = amounts.Where(a => a is not null).ToList();
        return present.Count > 0 ? present.Sum() : null;
    }

    /// <summary>The parts of a committee's follow-up with no report yet, and the services that did not answer.</summary>
    private static List<string> MissingParts(CommitteeAdoption? adoption) => adoption is null ? [] :
    [
        .. adoption.Parts.Where(p => p.State is null || p.State.Status == Contracts.Common.V1.ReportStatus.Unspecified).Select(p => SwedishNames.OfService(p.Service).ToLowerInvariant()),
        .. adoption.Missing.Select(m => $"{SwedishNames.OfService(m.Service).ToLowerInvariant()} (svarar inte)"),
    ];

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
        CancellationToken cancellationToken)
    {
        var cells = ComparableCells(figures);
        using var limit = new SemaphoreSlim(Parallel);
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

    private static List<(MunicipalityKeyFigureRow Row, CommitteeKeyFigureCell Cell)> ComparableCells(Maybe<MunicipalityKeyFigures> figures) =>
        figures.Value?.Rows.Where(r => r.Category == Category.KeyFigure)
            .SelectMany(r => r.Cells.Where(c => c.Computable).Select(c => (Row: r, Cell: c))).ToList() ?? [];
}

public sealed record Overview(
    PeriodChoice Period,
    IReadOnlyList<CommitteeRow> Committees,
    OverviewTotal Total,
    IReadOnlyList<string> MissingParts,
    IReadOnlyList<FocusGoalAssessments> FocusGoals,
    MunicipalityKeyFigures? KeyFigures,
    IReadOnlyList<KeyFigureComparisonRow> Comparisons,
    IReadOnlyList<TrendPoint> Trend,
    TrafficLightThresholds? Thresholds);

/// <summary>
/// The municipality's row: every committee's allocation, the net cost of those with figures, the result as
/// <see cref="ResultBasis"/> says it is made of, the forecast and the change (economy's sums of the shown figures).
/// </summary>
public sealed record OverviewTotal(decimal? Allocation, decimal? NetCost, ResultBasis? Result, decimal? Forecast, decimal? Change);

/// <summary>
/// One committee in the office's overview. <paramref name="ResultSource"/> and <paramref name="ForecastSource"/> are
/// economy's words for where the figure comes from ("stated", "allocation_minus_net_cost", "forecast");
/// <paramref name="PreviousFollowUp"/> is the committee's own previous follow-up that <paramref name="Change"/> is against.
/// </summary>
public sealed record CommitteeRow(
    string Code,
    decimal? Allocation,
    decimal? NetCost,
    decimal? Result,
    string ResultSource,
    decimal? Forecast,
    string ForecastSource,
    PeriodChoice? PreviousFollowUp,
    decimal? Change,
    TrafficLight ResultLight,
    TrafficLight ChangeLight,
    CommitteeAdoption? Adoption,
    IReadOnlyList<string> Missing,
    int? NarrativeWarnings,
    CommitteeOverview Overview);

public sealed record FocusGoalAssessments(FocusGoal Goal, IReadOnlyList<CommitteeAssessment> Committees, string? Missing);

public sealed record KeyFigureComparisonRow(MunicipalityKeyFigureRow Row, CommitteeKeyFigureCell Cell, IReadOnlyList<GroupComparison> Groups);
