namespace NamndFollowUp.SharedKernel.Reports;

/// <summary>A service's report of a committee and period: what the shared workflow moves through its lifecycle.</summary>
public interface ICommitteeReport
{
    ReportLifecycle Lifecycle { get; }

    /// <summary>"0380/SCN/2024/14": the key of its snapshots and audit entries (<see cref="ReportKey.For"/>).</summary>
    string Key { get; }

    /// <summary>
    /// Records that the state changed. The audit trail records an entity's owned lifecycle only when the
    /// entity itself is modified, so every report keeps a timestamp of its own.
    /// </summary>
    void Touch(DateTimeOffset now);
}
