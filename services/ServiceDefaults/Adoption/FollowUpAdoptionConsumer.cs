using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Adoption;

/// <summary>
/// Adopts this service's part when the committee's decision arrives. A refusal (the report fails its
/// checks, is already adopted under another case number, does not exist) is recorded in the audit trail
/// with its reason, so the gateway can show why the whole is not adopted; it is not retried, since the
/// same report would refuse again — the committee fixes it and adopts again.
/// </summary>
public sealed class FollowUpAdoptionConsumer<TContext>(TContext db, ReportWorkflow<TContext> workflow, TimeProvider time,
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
            var report = await workflow.GetAsync(e.MunicipalityCode, e.CommitteeCode, period, 0, context.CancellationToken);
            if (report.State.Status == Contracts.Common.V1.ReportStatus.Adopted && report.State.CaseNumber == e.CaseNumber)
            {
                return; // already adopted by this decision
            }
            await workflow.ChangeAsync(e.MunicipalityCode, e.CommitteeCode, period, ReportAction.Adopt, e.CaseNumber, e.DecisionDate, context.CancellationToken);
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
                Entity = ReportWorkflow<TContext>.RefusalEntity,
                EntityKey = ReportKey.For(e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint),
                Action = "Refused",
                MunicipalityCode = e.MunicipalityCode,
                CommitteeCode = e.CommitteeCode,
                Changes = JsonSerializer.Serialize(new { caseNumber = e.CaseNumber, reason = refusal }),
            });
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }
}
