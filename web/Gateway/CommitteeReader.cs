using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Gateway;

/// <summary>One committee's follow-up for the drill-down, each part asked in parallel and shown when it came.</summary>
public sealed class CommitteeReader(
    EconomyService.EconomyServiceClient economy,
    PlanningService.PlanningServiceClient planning,
    KeyFiguresService.KeyFiguresServiceClient keyFigures,
    ReportLifecycleClient lifecycle)
{
    public async Task<CommitteeView> ReadAsync(string municipality, string committee, PeriodChoice period, CancellationToken cancellationToken)
    {
        var tables = new GetTablesRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() };
        var summary = Calls.TryAsync(() => economy.GetResultSummaryAsync(
            new GetResultSummaryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        var perActivity = Calls.TryAsync(() => economy.GetResultPerActivityAsync(tables, cancellationToken: cancellationToken).ResponseAsync);
        var deviations = Calls.TryAsync(() => economy.GetUnitDeviationsAsync(tables, cancellationToken: cancellationToken).ResponseAsync);
        var followUp = Calls.TryAsync(() => planning.GetFollowUpAsync(
            new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        var sheet = Calls.TryAsync(() => keyFigures.GetKeyFigureSheetAsync(
            new GetKeyFigureSheetRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        var adoption = Calls.TryAsync(() => lifecycle.GetAsync(municipality, committee, period, cancellationToken));
        var history = Calls.TryAsync(() => lifecycle.EconomyHistoryAsync(municipality, committee, period, cancellationToken));
        var narrative = Calls.TryAsync(() => planning.CheckFollowUpNarrativeAsync(
            new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        var state = await adoption;
        var versions = state.Value is { } a ? await lifecycle.VersionsAsync(municipality, committee, period, a, cancellationToken) : [];
        return new CommitteeView(committee, period, await summary, await perActivity, await deviations, await followUp, await sheet, state, versions, await history, await narrative);
    }
}

public sealed record CommitteeView(
    string Code,
    PeriodChoice Period,
    Maybe<ResultSummary> Summary,
    Maybe<ActivityResultTables> PerActivity,
    Maybe<UnitDeviationTable> Deviations,
    Maybe<FollowUp> FollowUp,
    Maybe<KeyFigureSheet> Sheet,
    Maybe<Contracts.FollowUp.V1.CommitteeAdoption> Adoption,
    IReadOnlyList<PartVersion> Versions,
    Maybe<ReportHistory> History,
    Maybe<NarrativeCheck> Narrative);
