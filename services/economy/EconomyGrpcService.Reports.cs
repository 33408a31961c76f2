using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>The report's history (the audit trail of a period), and the municipality's activity codes.</summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<ReportHistory> ListReportHistory(ListReportHistoryRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();
        // Audit keys start with municipality/committee/year/point for every period-scoped entity.
        var prefix = $"{municipality}/{committee}/{period.Year}/{period.Point}";
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.MunicipalityCode == municipality && e.CommitteeCode == committee
                && (e.EntityKey == prefix || e.EntityKey.StartsWith(prefix + "/")))
            .OrderBy(e => e.Id).Take(10_000).ToListAsync(context.CancellationToken);
        return new ReportHistory
        {
            Entries =
            {
                entries.Select(e => new HistoryEntry
                {
                    At = e.At.ToString("O"), Actor = e.Actor, Entity = e.Entity, EntityKey = e.EntityKey, Action = e.Action, ChangesJson = e.Changes,
                }),
            },
        };
    }

    public override async Task<ActivityCodeList> RecordActivityCodes(RecordActivityCodesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var rows = request.Codes.Select((c, i) => (
            Code: v.Code($"codes[{i}].code", c.Code),
            Name: v.Code($"codes[{i}].name", c.Name, 200),
            Scb: string.IsNullOrWhiteSpace(c.ScbCode) ? null : v.Code($"codes[{i}].scb_code", c.ScbCode))).ToList();
        foreach (var duplicate in rows.GroupBy(r => r.Code).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            v.Add("codes", $"activity code {duplicate.Key} appears {duplicate.Count()} times");
        }
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var (register, _) = await RegisterActivityCodesAsync(municipality, rows, ct);
        await db.SaveChangesOrAbortAsync(ct);
        return ToProto(register);
    }

    public override async Task<ActivityCodeList> ListActivityCodes(ListActivityCodesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.ThrowIfInvalid();
        return ToProto(await db.ActivityCodes.AsNoTracking().Where(c => c.MunicipalityCode == municipality).ToListAsync(context.CancellationToken));
    }

    private static ActivityCodeList ToProto(IEnumerable<Domain.ActivityCodeDefinition> codes) => new()
    {
        Codes = { codes.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new ActivityCode { Code = c.Code, Name = c.Name, ScbCode = c.ScbCode ?? "" }) },
    };
}
