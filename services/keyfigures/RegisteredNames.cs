using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// The municipality's and the committee's names for the sheet's header, as kommunledningskontoret registered them in
/// economy (RecordMunicipalityNames). Read from economy when a sheet is printed rather than copied here by an event:
/// names are registered once and read rarely, a read always shows the name as it stands now, and no second copy (with
/// its table, backfill and drift) is kept. The sheet must come whether or not economy answers: a bounded wait, then
/// the codes, said as codes.
/// </summary>
public sealed class RegisteredNames(EconomyService.EconomyServiceClient economy, ILogger<RegisteredNames> logger)
{
    /// <summary>The longest a printed sheet waits for economy, retries included.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    /// <summary>"Socialnämnden, Uppsala kommun"; "nämnd SCN, kommun 0380" where a name is not registered or economy does not answer.</summary>
    public async Task<string> CommitteeAsync(string municipality, string committee, CancellationToken ct)
    {
        var (municipalityName, committeeName) = ("", "");
        try
        {
            var names = await economy.GetMunicipalityNamesAsync(new GetMunicipalityNamesRequest { MunicipalityCode = municipality },
                deadline: DateTime.UtcNow + Budget, cancellationToken: ct);
            municipalityName = names.MunicipalityName;
            committeeName = names.Committees.FirstOrDefault(c => c.CommitteeCode == committee)?.Name ?? "";
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Names of {Municipality}/{Committee} unavailable from economy: {Status}", municipality, committee, e.StatusCode);
        }
        return $"{(committeeName.Length > 0 ? committeeName : $"nämnd {committee}")}, {(municipalityName.Length > 0 ? municipalityName : $"kommun {municipality}")}";
    }
}
