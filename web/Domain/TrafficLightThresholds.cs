using System.Globalization;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// Kommunledningskontoret's thresholds, in percent of a committee's allocation (−1 = a deficit of 1 % of the
/// allocation), kept by the economy service (GetResultThresholds) and set on the page /trafikljus. A committee
/// is red below the red threshold, yellow below the yellow one, green otherwise. The same for the change since
/// the previous follow-up.
/// </summary>
public sealed class TrafficLightThresholds
{
    public required decimal ResultYellowBelow { get; init; }
    public required decimal ResultRedBelow { get; init; }
    public required decimal ChangeYellowBelow { get; init; }
    public required decimal ChangeRedBelow { get; init; }
    /// <summary>True when the office has set them; false for the suite's defaults.</summary>
    public bool SetByOffice { get; init; }

    public static TrafficLightThresholds? From(Contracts.Economy.V1.ResultThresholds t) =>
        (Kronor.Parse(t.ResultYellowBelowPercent), Kronor.Parse(t.ResultRedBelowPercent), Kronor.Parse(t.ChangeYellowBelowPercent), Kronor.Parse(t.ChangeRedBelowPercent))
            is ({ } ry, { } rr, { } cy, { } cr)
            ? new TrafficLightThresholds { ResultYellowBelow = ry, ResultRedBelow = rr, ChangeYellowBelow = cy, ChangeRedBelow = cr, SetByOffice = t.Source == "office" }
            : null;

    public TrafficLight ForResult(decimal? result, decimal? allocation) => Decide(result, allocation, ResultYellowBelow, ResultRedBelow);

    /// <summary><paramref name="change"/>: this follow-up's result minus the previous one's (negative = worse).</summary>
    public TrafficLight ForChange(decimal? change, decimal? allocation) => Decide(change, allocation, ChangeYellowBelow, ChangeRedBelow);

    private static TrafficLight Decide(decimal? amount, decimal? allocation, decimal yellowBelow, decimal redBelow)
    {
        if (amount is not { } a || allocation is not { } total || total <= 0)
        {
            return TrafficLight.None;
        }
        var percent = a * 100 / total;
        return percent < redBelow ? TrafficLight.Red : percent < yellowBelow ? TrafficLight.Yellow : TrafficLight.Green;
    }

    public string Describe() =>
        $"Resultat: röd under {Percent(ResultRedBelow)}, gul under {Percent(ResultYellowBelow)} av kommunbidraget. " +
        $"Förändring sedan föregående uppföljning: röd under {Percent(ChangeRedBelow)}, gul under {Percent(ChangeYellowBelow)} av kommunbidraget." +
        (SetByOffice ? " Gränserna är satta av kommunledningskontoret." : " Gränserna är systemets förval.");

    public static string Percent(decimal percent) => PercentNumber(percent) + " %";

    /// <summary>A percent in Swedish digits: -0.5 → "−0,5" (<see cref="ParsePercent"/> reads it back).</summary>
    public static string PercentNumber(decimal percent) => percent.ToString("0.##", Swedish);

    /// <summary>
    /// What a person typed as a percent ("-1,5", "−1.5", "0"), exactly; null when it is no number. Swedish comma or
    /// point, a typographic minus, spaces and a trailing "%" are accepted.
    /// </summary>
    public static decimal? ParsePercent(string? text)
    {
        var cleaned = (text ?? "").Trim().TrimEnd('%').Trim().Replace('\u2212', '-').Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        return cleaned.Length > 0 && cleaned.Length <= 12
            && decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
            ? percent
            : null;
    }

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");
}
