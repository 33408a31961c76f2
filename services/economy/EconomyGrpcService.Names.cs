using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>The municipality's and its committees' names: registered once, shown wherever a code would otherwise be.</summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<MunicipalityNames> RecordMunicipalityNames(RecordMunicipalityNamesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var name = request.MunicipalityName.Length == 0 ? null : Text(v, "municipality_name", request.MunicipalityName, DomainLimits.NameMaxLength);
        var committees = request.Committees.Select((c, i) => (Code: Code(v, $"committees[{i}].committee_code", c.CommitteeCode), Name: Text(v, $"committees[{i}].name", c.Name, DomainLimits.NameMaxLength))).ToList();
        foreach (var duplicate in committees.GroupBy(c => c.Code).Where(g => g.Count() > 1))
        {
            v.Add("committees", $"committee {duplicate.Key} appears {duplicate.Count()} times");
        }
        if (name is null && committees.Count == 0)
        {
            v.Add("municipality_name", "a municipality name or at least one committee name is required");
        }
        v.ThrowIfInvalid();

        var ct = context.CancellationToken;
        await RegisterNamesAsync(municipality, name, committees, ct);
        // Two first registrations at once collide on the unique name row: Aborted (retry), never a 500.
        await db.SaveChangesOrAbortAsync(ct);
        return await NamesAsync(municipality, ct);
    }

    public override async Task<MunicipalityNames> GetMunicipalityNames(GetMunicipalityNamesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.ThrowIfInvalid();
        return await NamesAsync(municipality, context.CancellationToken);
    }

    private async Task<MunicipalityNames> NamesAsync(string municipality, CancellationToken ct)
    {
        var names = await CommitteeNamesAsync(municipality, ct);
        return new MunicipalityNames
        {
            MunicipalityCode = municipality,
            MunicipalityName = await MunicipalityNameAsync(municipality, ct),
            Committees = { names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new CommitteeName { CommitteeCode = n.Key, Name = n.Value }) },
        };
    }

    private async Task<string> MunicipalityNameAsync(string municipality, CancellationToken ct) =>
        await db.MunicipalityNames.AsNoTracking().Where(m => m.MunicipalityCode == municipality).Select(m => m.Name).SingleOrDefaultAsync(ct) ?? "";

    private async Task<Dictionary<string, string>> CommitteeNamesAsync(string municipality, CancellationToken ct) =>
        await db.CommitteeNames.AsNoTracking().Where(c => c.MunicipalityCode == municipality).ToDictionaryAsync(c => c.CommitteeCode, c => c.Name, StringComparer.Ordinal, ct);

    private async Task<string> CommitteeNameAsync(string municipality, string committee, CancellationToken ct) =>
        await db.CommitteeNames.AsNoTracking().Where(c => c.MunicipalityCode == municipality && c.CommitteeCode == committee).Select(c => c.Name).SingleOrDefaultAsync(ct) ?? "";
}
