using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NamndFollowUp.Contracts.Adoption.V1;
using NamndFollowUp.Events;
using NamndFollowUp.ServiceDefaults.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.ServiceDefaults.Adoption;

/// <summary>The state of one service's report for a committee and period.</summary>
public sealed record PartState(string Status, int Version, string? CaseNumber, string? DecisionDate);

/// <summary>A service's own report of a committee's follow-up: the part the committee's decision adopts.</summary>
public interface IFollowUpPart
{
    Task<PartState> StateAsync(string municipality, string committee, PeriodKey period, CancellationToken cancellationToken);

    /// <summary>Adopts the report; throws (RpcException, ValidationFailedException, ReportLockedException) when it refuses.</summary>
    Task AdoptAsync(string municipality, string committee, PeriodKey period, string caseNumber, DateOnly decisionDate, CancellationToken cancellationToken);
}

public static class FollowUpAdoptionExtensions
{
    public const string RefusalEntity = "FollowUpAdoption";

    /// <summary>The service's part in adopting a committee's follow-up by event, and the state RPC.</summary>
    public static IHostApplicationBuilder AddFollowUpAdoption<TContext, TPart>(this IHostApplicationBuilder builder, string service)
        where TContext : DbContext, IOutboxContext, IAuditContext
        where TPart : class, IFollowUpPart
    {
        builder.Services.AddScoped<IFollowUpPart, TPart>();
        builder.Services.AddSingleton(new AdoptionServiceName(service));
        builder.Services.AddScoped<AdoptionGrpcService<TContext>>();
        return builder;
    }

    public static WebApplication MapFollowUpAdoption<TContext>(this WebApplication app) where TContext : DbContext, IAuditContext
    {
        app.MapGrpcService<AdoptionGrpcService<TContext>>();
        return app;
    }

    internal static string Key(string municipality, string committee, int year, int point) => $"{municipality}/{committee}/{year}/{point}";
}

public sealed record AdoptionServiceName(string Value);

/// <summary>
/// Adopts this service's part when the committee's decision arrives. A refusal (the report fails its
/// checks, is already adopted under another case number, does not exist) is recorded in the audit trail
/// with its reason, so the gateway can show why the whole is not adopted; it is not retried, since the
/// same report would refuse again — the committee fixes it and adopts again.
/// </summary>
public sealed class FollowUpAdoptionConsumer<TContext>(TContext db, IFollowUpPart part, TimeProvider time,
    ILogger<FollowUpAdoptionConsumer<TContext>> logger) : IConsumer<FollowUpAdoptionRequested>
    where TContext : DbContext, IOutboxContext, IAuditContext
{
    public async Task Consume(ConsumeContext<FollowUpAdoptionRequested> context)
    {
        if (!await db.TryReceiveAsync(context, "FollowUpAdoptionConsumer"))
        {
            return;
        }
        await db.SaveChangesAsync(context.CancellationToken); // the inbox row: a redelivery adopts nothing twice
        var e = context.Message;
        var period = new PeriodKey(e.Year, e.PeriodPoint);
        string? refusal = null;
        try
        {
            var state = await part.StateAsync(e.MunicipalityCode, e.CommitteeCode, period, context.CancellationToken);
            if (state.Status == "adopted" && state.CaseNumber == e.CaseNumber)
            {
                return; // already adopted by this decision
            }
            var decisionDate = DateOnly.ParseExact(e.DecisionDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            await part.AdoptAsync(e.MunicipalityCode, e.CommitteeCode, period, e.CaseNumber, decisionDate, context.CancellationToken);
            logger.LogInformation("Adopted {Committee} {Period} as {CaseNumber}", e.CommitteeCode, period, e.CaseNumber);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.Aborted)
        {
            refusal = ex.Status.Detail;
        }
        catch (Exception ex) when (ex is ValidationFailedException or ReportLockedException)
        {
            refusal = ex.Message;
        }
        if (refusal is not null)
        {
            logger.LogWarning("Adoption of {Committee} {Period} as {CaseNumber} refused: {Reason}", e.CommitteeCode, period, e.CaseNumber, refusal);
            db.ChangeTracker.Clear();
            db.AuditEntries.Add(new AuditEntry
            {
                At = time.GetUtcNow(),
                Actor = e.RequestedBy,
                Entity = FollowUpAdoptionExtensions.RefusalEntity,
                EntityKey = FollowUpAdoptionExtensions.Key(e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint),
                Action = "Refused",
                MunicipalityCode = e.MunicipalityCode,
                CommitteeCode = e.CommitteeCode,
                Changes = JsonSerializer.Serialize(new { caseNumber = e.CaseNumber, reason = refusal }),
            });
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }
}

public sealed class AdoptionGrpcService<TContext>(TContext db, IFollowUpPart part, AdoptionServiceName service)
    : AdoptionService.AdoptionServiceBase where TContext : DbContext, IAuditContext
{
    public override async Task<PartAdoption> GetPartAdoption(GetPartAdoptionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        var period = v.Period("period", request.Period);
        if (request.Service != service.Value)
        {
            v.Add("service", $"this is the {service.Value} service, got '{request.Service}'");
        }
        v.ThrowIfInvalid();

        var state = await part.StateAsync(municipality, committee, period, context.CancellationToken);
        var answer = new PartAdoption
        {
            Service = service.Value,
            Status = state.Status,
            Version = state.Version,
            CaseNumber = state.CaseNumber ?? "",
            DecisionDate = state.DecisionDate ?? "",
        };
        var key = FollowUpAdoptionExtensions.Key(municipality, committee, period.Year, period.Point);
        var refusal = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == FollowUpAdoptionExtensions.RefusalEntity && a.EntityKey == key)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(context.CancellationToken);
        if (refusal is not null && state.Status != "adopted")
        {
            using var changes = JsonDocument.Parse(refusal.Changes);
            answer.RefusedReason = changes.RootElement.GetProperty("reason").GetString() ?? "";
            answer.RefusedCaseNumber = changes.RootElement.GetProperty("caseNumber").GetString() ?? "";
        }
        return answer;
    }
}

/// <summary>
/// Lets a part call its own gRPC service method in-process (the decision arrives as an event, but the
/// adoption must run exactly the checks the RPC runs). Only the cancellation token is meaningful.
/// </summary>
public sealed class LocalCallContext(CancellationToken cancellationToken) : ServerCallContext
{
    protected override string MethodCore => "local";
    protected override string HostCore => "localhost";
    protected override string PeerCore => "local";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore { get; } = [];
    protected override CancellationToken CancellationTokenCore => cancellationToken;
    protected override Metadata ResponseTrailersCore { get; } = [];
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore { get; } = new(null, []);
    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
