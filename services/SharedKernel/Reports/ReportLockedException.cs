namespace NamndFollowUp.SharedKernel.Reports;

/// <summary>A change the report's state forbids. gRPC FailedPrecondition (HTTP 400 through transcoding).</summary>
public sealed class ReportLockedException(string message) : Exception(message);
