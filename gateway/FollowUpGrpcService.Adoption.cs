using Grpc.Core;
using Grpc.Net.ClientFactory;
using MassTransit;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.Events;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.Gateway;

/// <summary>Adopting a committee's follow-up: one decision, three parts, carried by an event.</summary>
public sealed class AdoptionComposition(GrpcClientFactory clients, IPublishEndpoint publisher, IConfiguration configuration)
{
    public static readonly string[] Parts = ["economy", "planning", "keyfigures"];

    private TimeSpan PartDeadline => configuration.GetValue("Composition:PartDeadline", TimeSpan.FromSeconds(3));
    private TimeSpan PublishTimeout => configuration.GetValue("Composition:PublishTimeout", TimeSpan.FromSeconds(5));

    public async Task<CommitteeAdoption> RequestAsync(AdoptCommitteeFollowUpRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.Code("committee_code", request.CommitteeCode);
        var period = v.Period("period", request.Period);
        if (!ReportLifecycle.IsCaseNumber(request.CaseNumber))
        {
            v.Add("case_number", $"must look like SCN-2025-00042 (registry, year, number), got '{request.CaseNumber}'");
        }
        var decisionDate = v.Date("decision_date", request.DecisionDate, required: true);
        v.ThrowIfInvalid();

        // No outbox here: the request counts as accepted only once RabbitMQ has confirmed it (then it
        // waits durably in each service's queue); otherwise the caller is told and nothing was requested.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await publisher.Publish(new FollowUpAdoptionRequested(request.MunicipalityCode, request.CommitteeCode, period.Year, period.Point,
                request.CaseNumber, decisionDate!.Value, AuditInterceptor.Actor(context.GetHttpContext().User), DateTimeOffset.UtcNow), timeout.Token);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                "The message broker did not confirm the adoption request in time; nothing was requested, try again."));
        }
        var state = await StateAsync(new GetCommitteeFollowUpRequest
        {
            MunicipalityCode = request.MunicipalityCode, CommitteeCode = request.CommitteeCode, Period = request.Period,
        }, context);
        state.Requested = true;
        return state;
    }

    public async Task<CommitteeAdoption> StateAsync(GetCommitteeFollowUpRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.Code("committee_code", request.CommitteeCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();

        var answers = await Task.WhenAll(Parts.Select(async service =>
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            deadline.CancelAfter(PartDeadline);
            try
            {
                var part = await clients.CreateClient<ReportService.ReportServiceClient>(service).GetReportAsync(new GetReportRequest
                {
                    MunicipalityCode = request.MunicipalityCode, CommitteeCode = request.CommitteeCode, Period = request.Period, Service = service,
                }, cancellationToken: deadline.Token);
                return (service, part, (string?)null);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException && !context.CancellationToken.IsCancellationRequested)
            {
                return (service, (Report?)null, e is RpcException rpc ? $"{service} did not answer ({rpc.StatusCode})" : $"{service} did not answer in time");
            }
        }));

        var adoption = new CommitteeAdoption
        {
            MunicipalityCode = request.MunicipalityCode, CommitteeCode = request.CommitteeCode, Period = period.ToProto(),
        };
        foreach (var (service, part, missing) in answers)
        {
            if (part is not null)
            {
                adoption.Parts.Add(part);
            }
            else
            {
                adoption.Missing.Add(new Part { Available = false, Service = service, MissingReason = missing });
            }
        }
        var cases = adoption.Parts.Select(p => p.State.CaseNumber).Distinct().ToList();
        adoption.Adopted = adoption.Parts.Count == Parts.Length && adoption.Parts.All(p => p.State.Status == ReportStatus.Adopted) && cases.Count == 1;
        adoption.CaseNumber = adoption.Adopted ? cases[0] : "";
        return adoption;
    }
}
