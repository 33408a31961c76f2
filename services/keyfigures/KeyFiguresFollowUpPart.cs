using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Adoption;
using NamndFollowUp.ServiceDefaults.Domain;

namespace NamndFollowUp.KeyFigures;

/// <summary>The key-figure report as a part of the committee's follow-up; adopted by the same RPC a caller uses.</summary>
public sealed class KeyFiguresFollowUpPart(IServiceProvider services) : IFollowUpPart
{
    private KeyFiguresGrpcService Service => ActivatorUtilities.GetServiceOrCreateInstance<KeyFiguresGrpcService>(services);

    public async Task<PartState> StateAsync(string municipality, string committee, PeriodKey period, CancellationToken cancellationToken)
    {
        var sheet = await Service.GetKeyFigureSheet(new GetKeyFigureSheetRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() },
            new LocalCallContext(cancellationToken));
        if (sheet.Report is not { } report || report.Status == ReportStatus.Unspecified)
        {
            return new PartState("none", 0, null, null);
        }
        return new PartState(report.Status.ToString().ToLowerInvariant(), report.Version,
            report.CaseNumber.Length == 0 ? null : report.CaseNumber, report.DecisionDate.Length == 0 ? null : report.DecisionDate);
    }

    public Task AdoptAsync(string municipality, string committee, PeriodKey period, string caseNumber, DateOnly decisionDate, CancellationToken cancellationToken) =>
        Service.AdoptKeyFigureReport(new AdoptKeyFigureReportRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(),
            CaseNumber = caseNumber, DecisionDate = decisionDate.ToString("yyyy-MM-dd"),
        }, new LocalCallContext(cancellationToken));
}
