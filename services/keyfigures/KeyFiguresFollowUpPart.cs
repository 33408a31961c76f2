using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Adoption;
using NamndFollowUp.ServiceDefaults.Domain;

namespace NamndFollowUp.KeyFigures;

/// <summary>The key-figure report as a part of the committee's follow-up; adopted by the same RPC a caller uses.</summary>
public sealed class KeyFiguresFollowUpPart(IServiceProvider services, KeyFiguresDbContext db) : IFollowUpPart
{
    public async Task<PartState> StateAsync(string municipality, string committee, PeriodKey period, CancellationToken cancellationToken)
    {
        // The stored report, not the sheet: the sheet shows a draft even where no report exists yet.
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r =>
            r.MunicipalityCode == municipality && r.CommitteeCode == committee && r.Year == period.Year && r.PeriodPoint == period.Point, cancellationToken);
        return report is null
            ? new PartState("none", 0, null, null)
            : new PartState(report.Lifecycle.Status.ToString().ToLowerInvariant(), report.Lifecycle.Version,
                report.Lifecycle.CaseNumber, report.Lifecycle.DecisionDate?.ToString("yyyy-MM-dd"));
    }

    public Task AdoptAsync(string municipality, string committee, PeriodKey period, string caseNumber, DateOnly decisionDate, CancellationToken cancellationToken) =>
        ActivatorUtilities.GetServiceOrCreateInstance<KeyFiguresGrpcService>(services).AdoptKeyFigureReport(new AdoptKeyFigureReportRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(),
            CaseNumber = caseNumber, DecisionDate = decisionDate.ToString("yyyy-MM-dd"),
        }, new LocalCallContext(cancellationToken));
}
