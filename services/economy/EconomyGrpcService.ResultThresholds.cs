using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>Kommunledningskontoret's traffic-light thresholds; the rules are <see cref="Domain.ResultThresholds"/>'s.</summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<ResultThresholds> SetResultThresholds(SetResultThresholdsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var resultYellow = Percent(v, "result_yellow_below_percent", request.ResultYellowBelowPercent);
        var resultRed = Percent(v, "result_red_below_percent", request.ResultRedBelowPercent);
        var changeYellow = Percent(v, "change_yellow_below_percent", request.ChangeYellowBelowPercent);
        var changeRed = Percent(v, "change_red_below_percent", request.ChangeRedBelowPercent);
        if (v.IsValid)
        {
            foreach (var (field, reason) in Domain.ResultThresholds.Problems(resultYellow, resultRed, changeYellow, changeRed))
            {
                v.Add(field, reason);
            }
        }
        v.ThrowIfInvalid();
        var stored = await db.ResultThresholds.SingleOrDefaultAsync(t => t.MunicipalityCode == municipality, context.CancellationToken);
        if (stored is null)
        {
            stored = Domain.ResultThresholds.Create(municipality);
            db.ResultThresholds.Add(stored);
        }
        stored.Record(resultYellow, resultRed, changeYellow, changeRed, time.GetUtcNow());
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        return ToProto(stored);
    }

    public override async Task<ResultThresholds> GetResultThresholds(GetResultThresholdsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.ThrowIfInvalid();
        var stored = await db.ResultThresholds.AsNoTracking().SingleOrDefaultAsync(t => t.MunicipalityCode == municipality, context.CancellationToken);
        return ToProto(stored ?? Domain.ResultThresholds.Defaults(municipality));
    }

    /// <summary>A percent with up to two decimals (-0.25 = a deficit of 0,25 %), never rounded.</summary>
    private static decimal Percent(RequestValidator v, string field, Contracts.Common.V1.Decimal? value)
    {
        if (value is null || value.Value.Length == 0)
        {
            v.Add(field, "is required (percent of the allocation, e.g. -1 for a deficit of 1 %)");
            return 0;
        }
        if (DomainLimits.AmountProblem(value.Value, out var percent) is { } problem)
        {
            v.Add(field, $"{problem}, got '{InputLimits.Shorten(value.Value)}'");
            return 0;
        }
        return percent;
    }

    private static ResultThresholds ToProto(Domain.ResultThresholds t) => new()
    {
        MunicipalityCode = t.MunicipalityCode,
        ResultYellowBelowPercent = t.ResultYellowBelow.ToProto(),
        ResultRedBelowPercent = t.ResultRedBelow.ToProto(),
        ChangeYellowBelowPercent = t.ChangeYellowBelow.ToProto(),
        ChangeRedBelowPercent = t.ChangeRedBelow.ToProto(),
        Source = t.Version > 0 ? "office" : "default",
        Version = t.Version,
        UpdatedAt = t.UpdatedAt?.UtcDateTime.ToString("O") ?? "",
    };
}
