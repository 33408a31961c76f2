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

        var answers = await Task.WhenAll(Parts.Select(service => AskAsync(service, ct => Client(service).GetReportAsync(new GetReportRequest
        {
            MunicipalityCode = request.MunicipalityCode, CommitteeCode = request.CommitteeCode, Period = request.Period, Service = service,
        }, cancellationToken: ct).ResponseAsync, context.CancellationToken)));
        return Compose(request.MunicipalityCode, request.CommitteeCode, period.ToProto(), answers);
    }

    /// <summary>
    /// Every committee's adoption of a municipality's period, each as <see cref="StateAsync"/> composes it for one
    /// committee, with each service asked once for all its committees (ListReports) instead of once per committee. A
    /// committee a service does not list has that part as GetReport answers it: no state yet.
    /// </summary>
    public async Task<Func<string, CommitteeAdoption>> StatesAsync(string municipality, Period period, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(Parts.Select(service => AskAsync(service, ct => Client(service).ListReportsAsync(new ListReportsRequest
        {
            MunicipalityCode = municipality, Period = period, Service = service,
        }, cancellationToken: ct).ResponseAsync, cancellationToken)));
        var reports = lists.Select(l => l.Answer?.Committees.ToDictionary(c => c.CommitteeCode, c => c.Report, StringComparer.Ordinal)).ToList();
        return committee => Compose(municipality, committee, period, lists.Zip(reports, (l, byCommittee) =>
            (l.Service, byCommittee is null ? null : byCommittee.GetValueOrDefault(committee) ?? new Report { Service = l.Service, State = ReportStates.None }, l.Missing)));
    }

    private ReportService.ReportServiceClient Client(string service) => clients.CreateClient<ReportService.ReportServiceClient>(service);

    /// <summary>One service's answer within the part's deadline, or why it is missing.</summary>
    private async Task<(string Service, T? Answer, string? Missing)> AskAsync<T>(string service, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(PartDeadline);
        try
        {
            return (service, await call(deadline.Token), null);
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (service, null, e is RpcException rpc ? $"{service} did not answer ({rpc.StatusCode})" : $"{service} did not answer in time");
        }
    }

    /// <summary>The whole from its parts: adopted only when all three are, under one case number.</summary>
    private static CommitteeAdoption Compose(string municipality, string committee, Period period, IEnumerable<(string Service, Report? Part, string? Missing)> answers)
    {
        var adoption = new CommitteeAdoption
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.Clone(),
        };
        foreach (var (service, part, missing) in answers)
        {
            if (part is not null)
            {
                adoption.Parts.Add(part.Clone());
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
