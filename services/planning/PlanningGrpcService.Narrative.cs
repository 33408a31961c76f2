using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning;

/// <summary>The narrative-versus-figures check of a follow-up (or of a submitted or adopted version of it), and its counts per committee for the office.</summary>
public sealed partial class PlanningGrpcService
{
    public override async Task<NarrativeCheck> CheckFollowUpNarrative(GetFollowUpRequest request, ServerCallContext context) =>
        await narrativeReview.CheckAsync(await GetFollowUp(request, context), context.CancellationToken);

    public override async Task<NarrativeCheckOverview> ListNarrativeChecks(ListNarrativeChecksRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var committees = await db.FollowUps.AsNoTracking().ForMunicipalityPeriod(municipality, period)
            .OrderBy(f => f.CommitteeCode).Select(f => f.CommitteeCode).ToListAsync(ct);
        var overview = new NarrativeCheckOverview { MunicipalityCode = municipality, Period = period.ToProto() };
        // One committee after another: each check asks economy for its four tables at once, and the office's view of
        // a municipality's ten or so committees should not put forty requests on economy at once.
        foreach (var committee in committees)
        {
            var followUp = await LoadFollowUp(municipality, committee, period, withEconomicResult: false, ct);
            var check = await narrativeReview.CheckAsync(followUp, ct);
            int Count(NarrativeFindingKind kind) => check.Findings.Count(f => f.Kind == kind);
            overview.Committees.Add(new CommitteeNarrativeCheck
            {
                CommitteeCode = committee,
                CommitteeName = followUp.CommitteeName,
                Mismatches = Count(NarrativeFindingKind.Mismatch),
                Ambiguous = Count(NarrativeFindingKind.Ambiguous),
                Unverifiable = Count(NarrativeFindingKind.Unverifiable),
                Confirmed = check.Confirmed.Count,
                FiguresAvailable = check.FiguresAvailable,
                UnavailableReason = check.UnavailableReason,
                State = followUp.State,
            });
        }
        overview.Mismatches = overview.Committees.Sum(c => c.Mismatches);
        overview.Ambiguous = overview.Committees.Sum(c => c.Ambiguous);
        overview.Unverifiable = overview.Committees.Sum(c => c.Unverifiable);
        return overview;
    }
}
