namespace NamndFollowUp.SharedKernel.Reports;

/// <summary>The verbs of the report lifecycle, as in the routes (report:submit, report:reopen, report:adopt, report:correct).</summary>
public enum ReportAction
{
    Submit,
    Reopen,
    Adopt,
    Correct,
}
