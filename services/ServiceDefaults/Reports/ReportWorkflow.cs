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
                SetRefusal(report, refusal.Changes);
            }
        }
        return report;
    }

    /// <summary>
    /// Every committee's current report for the period, as <see cref="GetAsync"/> answers each without a version: two
    /// queries for the municipality (the reports, and the refused adoption requests) instead of two per committee. A
    /// committee is listed when the service has its report or refused an adoption request for it (a request for a
    /// report that does not exist is refused too, and GetAsync tells it).
    /// </summary>
    public async Task<ListReportsResponse> ListAsync(string municipality, PeriodKey period, CancellationToken ct)
    {
        var lifecycles = await part.FindAllAsync(municipality, period, ct);
        // Keys are municipality/committee/year/point (ReportKey): the pattern narrows the read, the exact key decides.
        var prefix = $"{municipality}/";
        var suffix = $"/{period.Year}/{period.Point}";
        var refusals = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == RefusalEntity && a.EntityKey.StartsWith(prefix) && a.EntityKey.EndsWith(suffix))
            .Select(a => new { a.Id, a.EntityKey, a.Changes })
            .ToListAsync(ct);
        // The latest refusal per committee, as GetAsync reads it.
        var latest = refusals
            .Where(r => r.EntityKey.Length > prefix.Length + suffix.Length)
            .Select(r => (Committee: r.EntityKey[prefix.Length..^suffix.Length], r.Id, r.Changes))
            .Where(r => !r.Committee.Contains('/'))
            .GroupBy(r => r.Committee, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id).Changes, StringComparer.Ordinal);
        var answer = new ListReportsResponse();
        foreach (var committee in lifecycles.Keys.Union(latest.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var lifecycle = lifecycles.GetValueOrDefault(committee);
            var report = new Report { Service = service.Value, State = lifecycle?.ToProto() ?? ReportStates.None };
            if (lifecycle?.IsAdopted != true && latest.TryGetValue(committee, out var changes))
            {
                SetRefusal(report, changes);
            }
            answer.Committees.Add(new CommitteeReport { CommitteeCode = committee, Report = report });
        }
        return answer;
    }

    private static void SetRefusal(Report report, string changes)
    {
        using var json = JsonDocument.Parse(changes);
        report.RefusedReason = json.RootElement.GetProperty("reason").GetString() ?? "";
        report.RefusedCaseNumber = json.RootElement.GetProperty("caseNumber").GetString() ?? "";
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
