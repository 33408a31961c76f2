using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Reports;

/// <summary>The name the service's reports go by in routes, events and the adoption view: economy, planning or keyfigures.</summary>
public sealed record ReportServiceName(string Value);

/// <summary>
/// The report lifecycle, once for every service: reads the state (with any refused adoption), and moves a
/// report through submit, reopen, adopt and correct — the service's own checks first, then the shared rule
/// (<see cref="ReportLifecycle"/>), a snapshot of every submitted and adopted version, and one
/// <see cref="ReportStatusChanged"/> event, all in one transaction. The gRPC service and the adoption
/// consumer both come here, so a decision by event runs exactly the checks a caller's request runs.
/// </summary>
public sealed class ReportWorkflow<TContext>(TContext db, ReportPart part, ReportServiceName service, TimeProvider time)
    where TContext : DbContext, IOutboxContext, IAuditContext
{
    public const string RefusalEntity = "FollowUpAdoption";

    public string Service => service.Value;

    public async Task<Report> GetAsync(string municipality, string committee, PeriodKey period, int version, CancellationToken ct)
    {
        var key = ReportKey.For(municipality, committee, period);
        var lifecycle = await part.FindAsync(municipality, committee, period, ct);
        var report = new Report { Service = service.Value, State = lifecycle?.ToProto() ?? ReportStates.None };
        if (version > 0)
        {
            var snapshots = await db.ReportSnapshots.AsNoTracking().Where(s => s.ReportKey == key && s.Version == version).ToListAsync(ct);
            // The adopted state is the version's final word; the latest submission stands in until then.
            var snapshot = snapshots.OrderByDescending(s => s.Status == ReportStatus.Adopted).ThenByDescending(s => s.TakenAt).FirstOrDefault()
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"version {version} of the {service.Value} report {key} was never submitted or adopted"));
            report.State = snapshot.ToProto();
            report.SnapshotJson = snapshot.Content;
            return report;
        }
        if (lifecycle?.IsAdopted != true)
        {
            var refusal = await db.AuditEntries.AsNoTracking()
                .Where(a => a.Entity == RefusalEntity && a.EntityKey == key)
                .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
            if (refusal is not null)
            {
                using var changes = JsonDocument.Parse(refusal.Changes);
                report.RefusedReason = changes.RootElement.GetProperty("reason").GetString() ?? "";
                report.RefusedCaseNumber = changes.RootElement.GetProperty("caseNumber").GetString() ?? "";
            }
        }
        return report;
    }

    /// <summary>Applies one transition; throws (ValidationFailedException, ReportLockedException, RpcException) when refused.</summary>
    public Task<Report> ChangeAsync(string municipality, string committee, PeriodKey period, ReportAction action,
        string? caseNumber, DateOnly? decisionDate, CancellationToken ct) =>
        part.UnitOfWorkAsync(async () =>
        {
            var report = await part.ReportToChangeAsync(municipality, committee, period, ct);
            var now = time.GetUtcNow();
            await part.BeforeAsync(report, action, ct);
            var warnings = await part.WarningsAsync(report, action, ct);
            var lifecycle = report.Lifecycle;
            switch (action)
            {
                case ReportAction.Submit: lifecycle.Submit(now); break;
                case ReportAction.Reopen: lifecycle.Reopen(); break;
                case ReportAction.Adopt: lifecycle.Adopt(caseNumber ?? "", decisionDate!.Value, now); break;
                case ReportAction.Correct: lifecycle.StartCorrection(); break;
            }
            report.Touch(now);
            if (lifecycle.Status != ReportStatus.Draft)
            {
                // Every submitted and adopted version stays readable as it stood, whatever corrections follow.
                db.Snapshot(report.Key, lifecycle, await part.SnapshotAsync(report, ct), now);
            }
            db.Publish(new ReportStatusChanged(service.Value, municipality, committee, period.Year, period.Point,
                lifecycle.Status, lifecycle.Version, lifecycle.CaseNumber, lifecycle.DecisionDate, now));
            await db.SaveChangesAsync(ct);
            return new Report { Service = service.Value, State = lifecycle.ToProto(), Warnings = { warnings } };
        }, ct);
}
