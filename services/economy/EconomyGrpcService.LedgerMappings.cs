using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>
/// The ledger mappings SIE imports use: the municipality's (kept by the office) and a committee's override.
/// The mapping is data; what it means is <see cref="Domain.LedgerMapping"/>'s.
/// </summary>
public sealed partial class EconomyGrpcService
{
    public override Task<LedgerMapping> SetMunicipalityLedgerMapping(SetLedgerMappingRequest request, ServerCallContext context) =>
        SetLedgerMappingAsync(request, committee: "", context.CancellationToken);

    public override async Task<LedgerMapping> SetCommitteeLedgerMapping(SetLedgerMappingRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var committee = v.Code("committee_code", request.CommitteeCode);
        v.ThrowIfInvalid();
        return await SetLedgerMappingAsync(request, committee, context.CancellationToken);
    }

    public override async Task<LedgerMapping> GetLedgerMapping(GetLedgerMappingRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        v.ThrowIfInvalid();
        var stored = await db.LedgerMappings.AsNoTracking()
            .Where(m => m.MunicipalityCode == municipality && (m.CommitteeCode == committee || m.CommitteeCode == ""))
            .ToListAsync(context.CancellationToken);
        var mapping = stored.FirstOrDefault(m => m.CommitteeCode == committee) ?? stored.FirstOrDefault(m => m.CommitteeCode == "");
        return mapping is null
            ? new LedgerMapping { MunicipalityCode = municipality, CommitteeCode = committee, Source = "none" }
            : ToProto(mapping);
    }

    private async Task<LedgerMapping> SetLedgerMappingAsync(SetLedgerMappingRequest request, string committee, CancellationToken ct)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var mapping = request.Clear ? null : FromProto(v, request.Mapping ?? new LedgerMapping());
        if (request.Clear && committee.Length == 0)
        {
            v.Add("clear", "only a committee's override can be cleared; the municipality's mapping is replaced, not removed");
        }
        v.ThrowIfInvalid();
        if (mapping is not null)
        {
            // The mapping's targets are activity codes the SIE figures will be stored under: each must be registered.
            var register = await EconomyImporter.ActivityRegisterAsync(db, municipality, ct);
            if (mapping.DefaultActivity.Length > 0 && register.Problem(mapping.DefaultActivity) is { } problem)
            {
                v.Add("mapping.default_activity", problem);
            }
            foreach (var (objectCode, activity) in mapping.ActivityObjects.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (register.Problem(activity) is { } unregistered) v.Add($"mapping.activity_objects[{objectCode}]", unregistered);
            }
            v.ThrowIfInvalid();
        }
        var stored = await db.LedgerMappings.SingleOrDefaultAsync(m => m.MunicipalityCode == municipality && m.CommitteeCode == committee, ct);
        if (mapping is null)
        {
            if (stored is not null) db.LedgerMappings.Remove(stored);
            await db.SaveChangesOrAbortAsync(ct);
            return new LedgerMapping { MunicipalityCode = municipality, CommitteeCode = committee, Source = "none" };
        }
        if (stored is null)
        {
            stored = Domain.StoredLedgerMapping.Create(municipality, committee);
            db.LedgerMappings.Add(stored);
        }
        stored.Record(mapping, time.GetUtcNow());
        await db.SaveChangesOrAbortAsync(ct);
        return ToProto(stored);
    }

    private static Domain.LedgerMapping FromProto(RequestValidator v, LedgerMapping m)
    {
        var mapping = new Domain.LedgerMapping
        {
            ActivityDimension = m.ActivityDimension,
            UnitDimension = m.UnitDimension,
            DefaultActivity = m.DefaultActivity.Length == 0 ? "" : v.Code("mapping.default_activity", m.DefaultActivity),
            ActivityObjects = m.ActivityObjects.ToDictionary(p => p.Key, p => v.Code($"mapping.activity_objects[{p.Key}]", p.Value)),
            UnitObjects = m.UnitObjects.ToDictionary(p => p.Key, p => v.Code($"mapping.unit_objects[{p.Key}]", p.Value)),
            Accounts = m.Accounts.Select(a => new Domain.AccountRange(a.From, a.To, (Domain.AccountKind)(int)a.Kind)).ToList(),
        };
        foreach (var (field, reason) in mapping.Problems())
        {
            v.Add($"mapping.{field}", reason);
        }
        return mapping;
    }

    private static LedgerMapping ToProto(Domain.StoredLedgerMapping stored)
    {
        var m = stored.Mapping;
        return new LedgerMapping
        {
            MunicipalityCode = stored.MunicipalityCode,
            CommitteeCode = stored.CommitteeCode,
            ActivityDimension = m.ActivityDimension,
            UnitDimension = m.UnitDimension,
            DefaultActivity = m.DefaultActivity,
            ActivityObjects = { m.ActivityObjects.ToDictionary() },
            UnitObjects = { m.UnitObjects.ToDictionary() },
            Accounts = { m.Accounts.Select(a => new LedgerAccountRange { From = a.From, To = a.To, Kind = (LedgerAccountKind)(int)a.Kind }) },
            Source = stored.CommitteeCode.Length == 0 ? "municipality" : "committee",
            Version = stored.Version,
        };
    }
}
