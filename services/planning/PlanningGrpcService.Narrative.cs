using Grpc.Core;
using NamndFollowUp.Contracts.Planning.V1;

namespace NamndFollowUp.Planning;

/// <summary>The narrative-versus-figures check of a follow-up (or of a submitted or adopted version of it).</summary>
public sealed partial class PlanningGrpcService
{
    public override async Task<NarrativeCheck> CheckFollowUpNarrative(GetFollowUpRequest request, ServerCallContext context) =>
        await narrativeReview.CheckAsync(await GetFollowUp(request, context), context.CancellationToken);
}
