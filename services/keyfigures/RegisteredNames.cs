using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using NamndFollowUp.Contracts.Economy.V1;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// The municipality's and the committee's names for the sheet's header, as kommunledningskontoret registered them in
/// economy (RecordMunicipalityNames). Read from economy when a sheet is printed rather than copied here by an event:
/// names are registered once and read rarely, a read always shows the name as it stands now, and no second copy (with
/// its table, backfill and drift) is kept. The sheet must come whether or not economy answers: a bounded wait, then
/// the codes, said as codes. A municipality's names, once read, are kept for <see cref="Kept"/>: a busy economy that
/// missed the budget printed a sheet with codes right after one with names (the browser test's documents at load 30),
/// and the sheets a page prints together ask economy once. A rename shows on prints within that minute.
/// </summary>
public sealed class RegisteredNames(EconomyService.EconomyServiceClient economy, IMemoryCache cache, ILogger<RegisteredNames> logger)
{
    /// <summary>The longest a printed sheet waits for economy, retries included.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    /// <summary>How long a municipality's names, once read, are used without asking economy again.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    /// <summary>"Socialnämnden, Uppsala kommun"; "nämnd SCN, kommun 0380" where a name is not registered or economy does not answer.</summary>
    public async Task<string> CommitteeAsync(string municipality, string committee, CancellationToken ct)
    {
        var (municipalityName, committeeName) = ("", "");
        try
        {
            var key = (nameof(RegisteredNames), municipality);
            if (!cache.TryGetValue(key, out MunicipalityNames? names) || names is null)
            {
                names = await economy.GetMunicipalityNamesAsync(new GetMunicipalityNamesRequest { MunicipalityCode = municipality },
                    deadline: DateTime.UtcNow + Budget, cancellationToken: ct);
                cache.Set(key, names, Kept);
            }
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
