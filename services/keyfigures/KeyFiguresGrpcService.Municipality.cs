using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures;

public sealed partial class KeyFiguresGrpcService
{
    /// <summary>
    /// Every committee's key figures side by side. Read from the stored values: they are what each sheet and
    /// adopted report show (every input change recomputes them in the same transaction), so the office sees the
    /// committees' own numbers, and one query per table answers for the whole municipality without recomputing.
    /// </summary>
    public override async Task<MunicipalityKeyFigures> ListMunicipalityKeyFigures(ListMunicipalityKeyFiguresRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;

        var definitions = await db.Definitions.AsNoTracking().Where(d => d.MunicipalityCode == municipality)
            .OrderBy(d => d.ActivityCode).ThenBy(d => d.SortOrder).ThenBy(d => d.Code).ToListAsync(ct);
        var values = await db.ComputedKeyFigures.AsNoTracking()
            .ForMunicipalityPeriod(municipality, period)
            .ToListAsync(ct);
        var reports = await db.Reports.AsNoTracking()
            .ForMunicipalityPeriod(municipality, period)
            .ToDictionaryAsync(r => r.CommitteeCode, ct);

        var committees = values.Select(x => x.CommitteeCode).Concat(reports.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var byScope = values.ToDictionary(x => (x.CommitteeCode, x.DefinitionCode));
        var answer = new MunicipalityKeyFigures
        {
            MunicipalityCode = municipality,
            Period = period.ToProto(),
            Committees =
            {
                committees.Select(c => new CommitteeKeyFigureColumn
                {
                    CommitteeCode = c,
                    Report = reports.TryGetValue(c, out var report) ? report.Lifecycle.ToProto() : NoReportYet,
                }),
            },
        };
        foreach (var d in definitions)
        {
            var row = new MunicipalityKeyFigureRow
            {
                DefinitionCode = d.Code, Name = d.Name, Category = (Category)d.Category, ActivityCode = d.ActivityCode,
                ActivityName = d.ActivityName, ParentCode = d.ParentCode ?? "", Unit = d.Unit,
            };
            foreach (var committee in committees)
            {
                row.Cells.Add(byScope.TryGetValue((committee, d.Code), out var stored)
                    ? new CommitteeKeyFigureCell
                    {
                        CommitteeCode = committee,
                        Value = stored.Value.ToProto(),
                        ValueShown = stored.Shown,
                        Computable = stored.Value is not null,
                        NotComputableReason = stored.NotComputableReason ?? "",
                        ChangedAfterAdoption = stored.ChangedAfterAdoption,
                        AdoptedValue = stored.WasAdopted ? stored.AdoptedValue.ToProto() : null,
                        AdoptedValueShown = stored.WasAdopted ? stored.AdoptedShown ?? "" : "",
                    }
                    // Never recomputed for this committee: none of its inputs has been entered or has arrived.
                    : new CommitteeKeyFigureCell
                    {
                        CommitteeCode = committee,
                        NotComputableReason = $"no inputs of {d.Code} for {committee} in {period}",
                    });
            }
            answer.Rows.Add(row);
        }
        return answer;
    }
}
