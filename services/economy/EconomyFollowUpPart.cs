using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Adoption;
using NamndFollowUp.ServiceDefaults.Domain;

namespace NamndFollowUp.Economy;

/// <summary>The economic report as a part of the committee's follow-up; adopted by the same RPC a caller uses.</summary>
public sealed class EconomyFollowUpPart(IServiceProvider services) : IFollowUpPart
{
    private EconomyGrpcService Service => ActivatorUtilities.GetServiceOrCreateInstance<EconomyGrpcService>(services);

    public async Task<PartState> StateAsync(string municipality, string committee, PeriodKey period, CancellationToken cancellationToken)
    {
        try
        {
            var report = await Service.GetReport(new GetReportRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() },
                new LocalCallContext(cancellationToken));
            return new PartState(report.State.Status, report.State.Version, NullIfEmpty(report.State.CaseNumber), NullIfEmpty(report.State.DecisionDate));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return new PartState("none", 0, null, null);
        }
    }

    public Task AdoptAsync(string municipality, string committee, PeriodKey period, string caseNumber, DateOnly decisionDate, CancellationToken cancellationToken) =>
        Service.AdoptReport(new ReportActionRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(),
            CaseNumber = caseNumber, DecisionDate = decisionDate.ToString("yyyy-MM-dd"),
        }, new LocalCallContext(cancellationToken));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
