namespace NamndFollowUp.SharedKernel.Reports;

public static class ReportKey
{
    /// <summary>The same key in every service, so snapshots, audit entries and refusals are found without the report row.</summary>
    public static string For(string municipality, string committee, int year, int point) => $"{municipality}/{committee}/{year}/{point}";

    public static string For(string municipality, string committee, PeriodKey period) => For(municipality, committee, period.Year, period.Point);
}
