using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Reports;

/// <summary>
/// What one service adds to the shared report workflow (<see cref="ReportWorkflow{TContext}"/>): where its
/// report is, the checks it runs before a transition, and what a submitted or adopted version keeps.
/// </summary>
public abstract class ReportPart
{
    /// <summary>The report's lifecycle as stored, or null when the service has no report for the period.</summary>
    public abstract Task<ReportLifecycle?> FindAsync(string municipality, string committee, PeriodKey period, CancellationToken ct);

    /// <summary>Every committee's report lifecycle for the period, by committee code: the committees without a report are absent.</summary>
    public abstract Task<IReadOnlyDictionary<string, ReportLifecycle>> FindAllAsync(string municipality, PeriodKey period, CancellationToken ct);

    /// <summary>The report to change, tracked: created here when the service starts one on demand, else NotFound.</summary>
    public abstract Task<ICommitteeReport> ReportToChangeAsync(string municipality, string committee, PeriodKey period, CancellationToken ct);

    /// <summary>The service's own rules before a transition (throw to refuse); nothing is stored when they throw.</summary>
    public virtual Task BeforeAsync(ICommitteeReport report, ReportAction action, CancellationToken ct) => Task.CompletedTask;

    /// <summary>What the service's checks find on a transition without refusing it; answered with the transition, never stored.</summary>
    public virtual Task<IReadOnlyList<string>> WarningsAsync(ICommitteeReport report, ReportAction action, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The content a submitted or adopted version keeps readable (serialized as JSON).</summary>
    public abstract Task<object> SnapshotAsync(ICommitteeReport report, CancellationToken ct);

    /// <summary>
    /// Runs one transition (reads, change, one SaveChanges). A concurrent writer's conflict is Aborted, which
    /// clients may retry; a service whose writers race by design retries itself first.
    /// </summary>
    public virtual async Task<T> UnitOfWorkAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await work();
        }
        catch (DbUpdateException e) when (Data.ConcurrentWrite.IsRowConflict(e))
        {
            throw Data.ConcurrentWrite.ToRpcException();
        }
    }
}
