using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults.Adoption;
using NamndFollowUp.ServiceDefaults.Domain;

namespace NamndFollowUp.Planning;

/// <summary>The verksamhetsplan follow-up as a part of the committee's follow-up; adopted by the same RPC a caller uses.</summary>
public sealed class PlanningFollowUpPart(IServiceProvider services, PlanningDbContext db) : IFollowUpPart
{
    public async Task<PartState> StateAsync(string municipality, string committee, PeriodKey period, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.AsNoTracking().SingleOrDefaultAsync(f =>
            f.MunicipalityCode == municipality && f.CommitteeCode == committee && f.Year == period.Year && f.PeriodPoint == period.Point, cancellationToken);
        return followUp is null
            ? new PartState("none", 0, null, null)
            : new PartState(followUp.Lifecycle.Status.ToString().ToLowerInvariant(), followUp.Lifecycle.Version,
                followUp.Lifecycle.CaseNumber, followUp.Lifecycle.DecisionDate?.ToString("yyyy-MM-dd"));
    }

    public Task AdoptAsync(string municipality, string committee, PeriodKey period, string caseNumber, DateOnly decisionDate, CancellationToken cancellationToken) =>
        ActivatorUtilities.GetServiceOrCreateInstance<PlanningGrpcService>(services).AdoptFollowUp(new AdoptFollowUpRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(),
            CaseNumber = caseNumber, DecisionDate = decisionDate.ToString("yyyy-MM-dd"),
        }, new LocalCallContext(cancellationToken));
}
