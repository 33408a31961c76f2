using System.Diagnostics;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Gateway;

/// <summary>
/// Views composed from the three services. Each part is asked in parallel under its own deadline; a part
/// that fails or times out is marked missing with the reason, and the rest of the answer still comes.
/// The caller's token travels with every call, so each service checks the same caller again.
/// </summary>
public sealed partial class FollowUpGrpcService(
    EconomyService.EconomyServiceClient economy,
    PlanningService.PlanningServiceClient planning,
    KeyFiguresService.KeyFiguresServiceClient keyFigures,
    AdoptionComposition adoption,
    IConfiguration configuration) : FollowUpService.FollowUpServiceBase
{
    public override Task<CommitteeAdoption> AdoptCommitteeFollowUp(AdoptCommitteeFollowUpRequest request, ServerCallContext context) =>
        adoption.RequestAsync(request, context);

    public override Task<CommitteeAdoption> GetCommitteeAdoption(GetCommitteeFollowUpRequest request, ServerCallContext context) =>
        adoption.StateAsync(request, context);

    private TimeSpan PartDeadline => configuration.GetValue("Composition:PartDeadline", TimeSpan.FromSeconds(3));

    public override async Task<CommitteeFollowUp> GetCommitteeFollowUp(GetCommitteeFollowUpRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.Code("committee_code", request.CommitteeCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();

        var economyPart = Part("economy", ct => economy.GetResultSummaryAsync(new GetResultSummaryRequest
        {
            MunicipalityCode = request.MunicipalityCode, CommitteeCode = request.CommitteeCode, Period = request.Period,
        }, cancellationToken: ct).ResponseAsync, context.CancellationToken);
        var planningPart = Part("planning", ct => planning.ListAssignmentStatusesAsync(new ListAssignmentStatusesRequest
        {
            MunicipalityCode = request.MunicipalityCode, CommitteeCode = request.CommitteeCode, Period = request.Period,
        }, cancellationToken: ct).ResponseAsync, context.CancellationToken);
        var keyFiguresPart = Part("keyfigures", ct => KeyFiguresOf(request, ct), context.CancellationToken);

        await Task.WhenAll(economyPart, planningPart, keyFiguresPart);

        var answer = new CommitteeFollowUp
        {
            MunicipalityCode = request.MunicipalityCode,
            CommitteeCode = request.CommitteeCode,
            Period = period.ToProto(),
            Economy = economyPart.Result.Part,
            Planning = planningPart.Result.Part,
            KeyFigures = keyFiguresPart.Result.Part,
        };
        if (economyPart.Result.Value is { } summary)
        {
            answer.ResultSummary = summary;
        }
        if (planningPart.Result.Value is { } statuses)
        {
            answer.AssignmentStatuses.AddRange(statuses.Statuses);
        }
        if (keyFiguresPart.Result.Value is { } values)
        {
            answer.KeyFiguresValues.AddRange(values);
        }
        return answer;
    }

    /// <summary>The committee's key-figure sheet, flattened to its computed values.</summary>
    private async Task<List<KeyFigure>> KeyFiguresOf(GetCommitteeFollowUpRequest request, CancellationToken cancellationToken)
    {
        var sheet = await keyFigures.GetKeyFigureSheetAsync(new GetKeyFigureSheetRequest
        {
            MunicipalityCode = request.MunicipalityCode, CommitteeCode = request.CommitteeCode, Period = request.Period,
        }, cancellationToken: cancellationToken);
        return sheet.Values.Select(v => new KeyFigure
        {
            ActivityCode = v.ActivityCode,
            DefinitionCode = v.DefinitionCode,
            Name = v.Name,
            Value = v.Value,
            ValueShown = v.ValueShown,
            NotComputableReason = v.NotComputableReason,
        }).ToList();
    }

    private async Task<(T? Value, Part Part)> Part<T>(string service, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(PartDeadline);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return (await call(deadline.Token), new Part { Available = true });
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var status = e is RpcException rpc ? rpc.StatusCode.ToString() : "DeadlineExceeded";
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return (null, new Part
            {
                Available = false,
                MissingReason = e is RpcException { StatusCode: StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.NotFound } known
                    ? $"{service}: {known.Status.Detail}"
                    : $"{service} did not answer ({status} after {elapsed:0.0} s)",
            });
        }
    }
}
