namespace NamndFollowUp.Web.Domain;

/// <summary>The period a page shows when the address names none (configuration section Period).</summary>
public sealed class PeriodDefaults
{
    public int Year { get; set; } = 2024;
    public string Point { get; set; } = "helar";

    public PeriodChoice Choose(string? year, string? point) =>
        PeriodChoice.Parse(year, point, PeriodChoice.Parse(Year.ToString(System.Globalization.CultureInfo.InvariantCulture), Point, PeriodChoice.Fallback));
}
