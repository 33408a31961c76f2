using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using Domain = NamndFollowUp.KeyFigures.Domain;

namespace NamndFollowUp.KeyFigures;

public sealed partial class KeyFiguresGrpcService(KeyFiguresDbContext db, Recomputation recomputation, TimeProvider time, NamndFollowUp.Documents.PdfPrinter pdfPrinter, RegisteredNames names) : KeyFiguresService.KeyFiguresServiceBase
{
    public override async Task<KeyFigureValue> RecordVolume(RecordVolumeRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period, activity) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period, request.ActivityCode);
        if (request.Kind == VolumeKind.Unspecified || !Enum.IsDefined(request.Kind))
        {
            v.Add("kind", "must be VOLUME_KIND_CARE_DAYS or VOLUME_KIND_CLIENTS");
        }
        var volume = v.Amount("volume", request.Volume);
        if (volume < 0)
        {
            v.Add("volume", $"cannot be negative, got {volume}");
        }
        v.ThrowIfInvalid();

        // The economy event may create the same figure at the same moment; then the request runs again.
        return await db.RetryOrAbortAsync(async () =>
        {
            var figure = await Find(municipality, committee, period, activity, context.CancellationToken);
            if (figure is null)
            {
                figure = Domain.ActivityKeyFigure.Create(municipality, committee, period.Year, period.Point, activity);
                db.ActivityKeyFigures.Add(figure);
            }
            if (figure.RecordVolume((Domain.VolumeKind)request.Kind, volume, time.GetUtcNow()))
            {
                db.Publish(figure.ToRecomputedEvent());
            }
            await db.SaveChangesAsync(context.CancellationToken);
            return ToProto(figure, period);
        }, context.CancellationToken);
    }

    public override async Task<KeyFigureValue> GetKeyFigure(GetKeyFigureRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period, activity) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period, request.ActivityCode);
        v.ThrowIfInvalid();

        // A committee without data answers as every read does (docs/api.md): 200, here a key figure with nothing to
        // compute from, its reason saying what is missing — not 404, which means a route or thing that does not exist.
        var figure = await Find(municipality, committee, period, activity, context.CancellationToken)
            ?? Domain.ActivityKeyFigure.Create(municipality, committee, period.Year, period.Point, activity);
        return ToProto(figure, period);
    }

    private Task<Domain.ActivityKeyFigure?> Find(string municipality, string committee, PeriodKey period, string activity, CancellationToken cancellationToken) =>
        db.ActivityKeyFigures.SingleOrDefaultAsync(f =>
            f.MunicipalityCode == municipality && f.CommitteeCode == committee && f.Year == period.Year
            && f.PeriodPoint == period.Point && f.ActivityCode == activity, cancellationToken);

    private static (string, string, PeriodKey, string) Scope(RequestValidator v, string municipality, string committee,
        Contracts.Common.V1.Period? period, string activity) =>
        (v.MunicipalityCode("municipality_code", municipality), v.Code("committee_code", committee),
            v.Period("period", period), v.Code("activity_code", activity));

    private static KeyFigureValue ToProto(Domain.ActivityKeyFigure f, PeriodKey period)
    {
        var result = f.Compute();
        var value = new KeyFigureValue
        {
            ActivityCode = f.ActivityCode,
            Period = period.ToProto(),
            NetCost = f.NetCost.ToProto(),
            VolumeKind = (VolumeKind)(f.VolumeKind ?? 0),
            Volume = f.Volume.ToProto(),
            Value = result.Value.ToProto(),
            ValueShown = result.Shown,
            Computable = result.Computable,
            NotComputableReason = result.NotComputableReason ?? "",
            NetCostSourceVersion = f.NetCostSourceVersion,
        };
        return value;
    }
}
