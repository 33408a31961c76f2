using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Planning;

/// <summary>
/// The committee's result from the economy service, shown under the focus goal "stark ekonomi". The
/// follow-up must come whether or not economy answers: a bounded wait, then the figure is marked missing.
/// </summary>
public sealed class EconomicResults(EconomyService.EconomyServiceClient economy, ILogger<EconomicResults> logger)
{
    /// <summary>The longest the follow-up waits for economy, retries included.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public async Task<EconomicResult> GetAsync(string municipality, string committee, PeriodKey period, CancellationToken ct)
    {
        try
        {
            var summary = await economy.GetResultSummaryAsync(
                new GetResultSummaryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() },
                deadline: DateTime.UtcNow + Budget, cancellationToken: ct);
            if (summary.Total?.Result is null)
            {
                return new EconomicResult { Available = false, UnavailableReason = "the economy service has no result for this period" };
            }
            return new EconomicResult { Available = true, Result = summary.Total.Result };
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Economic result of {Municipality}/{Committee} {Period} unavailable: {Status}", municipality, committee, period, e.StatusCode);
            return new EconomicResult { Available = false, UnavailableReason = $"the economy service did not answer ({e.StatusCode})" };
        }
    }
}
