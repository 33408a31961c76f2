using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// Every call of the report lifecycle (state, submit, adopt, history) in one place: one ReportService
/// (namnd.report.v1) that each service serves for its own report, and the gateway's adoption of the whole.
/// </summary>
public sealed class ReportLifecycleClient(
    FollowUpService.FollowUpServiceClient followUp,
    ReportService.ReportServiceClient reports,
    EconomyService.EconomyServiceClient economy)
{
    /// <summary>The services whose reports make up a committee's follow-up, in the order the gateway lists them.</summary>
    public static readonly string[] Services = ["economy", "planning", "keyfigures"];

    /// <summary>The whole follow-up's adoption and each part's status, version and case number.</summary>
    public Task<CommitteeAdoption> GetAsync(string municipality, string committee, PeriodChoice period, CancellationToken cancellationToken) =>
        followUp.GetCommitteeAdoptionAsync(new GetCommitteeFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() },
            cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>
    /// Submits the three parts to kommunledningskontoret, each through its own service. A part already submitted
    /// or adopted is left as it is (its service refuses with FAILED_PRECONDITION, which the caller sees per part).
    /// </summary>
    public async Task<IReadOnlyList<(string Service, string? Refusal)>> SubmitAsync(string municipality, string committee, PeriodChoice period, CancellationToken cancellationToken)
    {
        var submitted = Services.Select(service => Calls.TryAsync(() => reports.SubmitReportAsync(
            new ReportRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(), Service = service },
            // The gateway routes ReportService to the service this header names.
            new Metadata { { "namnd-service", service } }, cancellationToken: cancellationToken).ResponseAsync)).ToList();
        var results = await Task.WhenAll(submitted);
        return Services.Zip(results, (service, result) => (service, result.Missing)).ToList();
    }

    /// <summary>The committee's decision: one case number and date for the three parts (carried by an event).</summary>
    public Task<CommitteeAdoption> AdoptAsync(string municipality, string committee, PeriodChoice period, string caseNumber, DateOnly decisionDate, CancellationToken cancellationToken) =>
        followUp.AdoptCommitteeFollowUpAsync(new AdoptCommitteeFollowUpRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(), CaseNumber = caseNumber,
            DecisionDate = new Google.Type.Date { Year = decisionDate.Year, Month = decisionDate.Month, Day = decisionDate.Day },
        }, cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>Who changed what in the economy report, newest last as the service lists it.</summary>
    public Task<ReportHistory> EconomyHistoryAsync(string municipality, string committee, PeriodChoice period, CancellationToken cancellationToken) =>
        economy.ListReportHistoryAsync(new ListReportHistoryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() },
            cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>
    /// Every version of each part: the earlier ones as they were adopted (or else last submitted), asked of each
    /// service (GetReport with a version), then the current one from the adoption state. A version a service
    /// cannot give is shown with the reason rather than left out.
    /// </summary>
    public async Task<IReadOnlyList<PartVersion>> VersionsAsync(string municipality, string committee, PeriodChoice period, CommitteeAdoption adoption,
        CancellationToken cancellationToken)
    {
        var earlier = adoption.Parts.Where(p => p.State is { Version: > 1 })
            .SelectMany(p => Enumerable.Range(1, p.State.Version - 1).Select(version => (p.Service, Version: version, Report: Calls.TryAsync(() => reports.GetReportAsync(
                new GetReportRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(), Service = p.Service, Version = version },
                new Metadata { { "namnd-service", p.Service } }, cancellationToken: cancellationToken).ResponseAsync))))
            .ToList();
        var versions = new List<PartVersion>();
        foreach (var (service, version, report) in earlier)
        {
            var answer = await report;
            versions.Add(new PartVersion(service, version, answer.Value?.State, answer.Missing));
        }
        versions.AddRange(adoption.Parts.Where(p => p.State is { Version: > 0 }).Select(p => new PartVersion(p.Service, p.State.Version, p.State, null)));
        return versions.OrderBy(v => Array.IndexOf(Services, v.Service)).ThenByDescending(v => v.Version).ToList();
    }
}

/// <summary>One version of one part of a committee's report; its state, or why it could not be read.</summary>
public sealed record PartVersion(string Service, int Version, Contracts.Common.V1.ReportState? State, string? Missing);
