namespace NamndFollowUp.Web.Domain;

/// <summary>
/// Kommunledningskontoret's thresholds, as shares of a committee's allocation (configuration section
/// TrafficLights; -0.01 = a deficit of 1 % of the allocation). A committee is red below the red threshold,
/// yellow below the yellow one, green otherwise. The same for the change since the previous follow-up.
/// </summary>
public sealed class TrafficLightThresholds
{
    public decimal ResultYellowBelow { get; set; } = 0m;
    public decimal ResultRedBelow { get; set; } = -0.01m;
    public decimal ChangeYellowBelow { get; set; } = 0m;
    public decimal ChangeRedBelow { get; set; } = -0.005m;

    public TrafficLight ForResult(decimal? result, decimal? allocation) => Decide(result, allocation, ResultYellowBelow, ResultRedBelow);

    /// <summary><paramref name="change"/>: this follow-up's result minus the previous one's (negative = worse).</summary>
    public TrafficLight ForChange(decimal? change, decimal? allocation) => Decide(change, allocation, ChangeYellowBelow, ChangeRedBelow);

    private static TrafficLight Decide(decimal? amount, decimal? allocation, decimal yellowBelow, decimal redBelow)
    {
        if (amount is not { } a || allocation is not { } total || total <= 0)
        {
            return TrafficLight.None;
        }
        var share = a / total;
        return share < redBelow ? TrafficLight.Red : share < yellowBelow ? TrafficLight.Yellow : TrafficLight.Green;
    }

    public string Describe() =>
        $"Resultat: röd under {Percent(ResultRedBelow)}, gul under {Percent(ResultYellowBelow)} av kommunbidraget. " +
        $"Förändring sedan föregående uppföljning: röd under {Percent(ChangeRedBelow)}, gul under {Percent(ChangeYellowBelow)} av kommunbidraget.";

    private static string Percent(decimal share) => (share * 100).ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("sv-SE")) + " %";
}
