using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// Every call of the report lifecycle (state, submit, adopt, history) in one place: the services' submit
/// routes and status words are being unified, and only this class should have to follow.
/// </summary>
public sealed class ReportLifecycleClient(
    FollowUpService.FollowUpServiceClient followUp,
    EconomyService.EconomyServiceClient economy,
    PlanningService.PlanningServiceClient planning,
    KeyFiguresService.KeyFiguresServiceClient keyFigures)
{
    /// <summary>The whole follow-up's adoption and each part's status, version and case number.</summary>
    public Task<CommitteeAdoption> GetAsync(string municipality, string committee, PeriodChoice period, CancellationToken cancellationToken) =>
        followUp.GetCommitteeAdoptionAsync(new GetCommitteeFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() },
            cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>
    /// Submits the three parts to kommunledningskontoret. A part already submitted or adopted is left as it is
    /// (the services refuse it with FAILED_PRECONDITION, which the caller sees per part).
    /// </summary>
    public async Task<IReadOnlyList<(string Service, string? Refusal)>> SubmitAsync(string municipality, string committee, PeriodChoice period, CancellationToken cancellationToken)
    {
        var economyPart = Calls.TryAsync(() => economy.SubmitReportAsync(
            new ReportActionRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        var planningPart = Calls.TryAsync(() => planning.SubmitFollowUpAsync(
            new FollowUpWorkflowRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        var keyFiguresPart = Calls.TryAsync(() => keyFigures.SubmitKeyFigureReportAsync(
            new KeyFigureReportRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        return [("economy", (await economyPart).Missing), ("planning", (await planningPart).Missing), ("keyfigures", (await keyFiguresPart).Missing)];
    }

    /// <summary>The committee's decision: one case number and date for the three parts (carried by an event).</summary>
    public Task<CommitteeAdoption> AdoptAsync(string municipality, string committee, PeriodChoice period, string caseNumber, string decisionDate, CancellationToken cancellationToken) =>
        followUp.AdoptCommitteeFollowUpAsync(new AdoptCommitteeFollowUpRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(), CaseNumber = caseNumber, DecisionDate = decisionDate,
        }, cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>Who changed what in the economy report, newest last as the service lists it.</summary>
    public Task<ReportHistory> EconomyHistoryAsync(string municipality, string committee, PeriodChoice period, CancellationToken cancellationToken) =>
        economy.ListReportHistoryAsync(new ListReportHistoryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() },
            cancellationToken: cancellationToken).ResponseAsync;
}
