using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// Kommunledningskontoret's traffic-light thresholds for its overview: below <see cref="ResultRedBelow"/> a
/// committee's result is red, else below <see cref="ResultYellowBelow"/> yellow, else green; the same for its
/// change since the previous follow-up. Each is in percent of the committee's allocation (−1 = a deficit of
/// 1 %), so one rule fits a committee of 50 mnkr and one of 5 000. Data, so the office changes them without a
/// release.
/// </summary>
public sealed class ResultThresholds : IMunicipalityScoped
{
    /// <summary>Any deficit is yellow, one of 1 % of the allocation red; any worsening yellow, one of 0,5 % red.</summary>
    public static ResultThresholds Defaults(string municipalityCode) => new()
    {
        MunicipalityCode = municipalityCode,
        ResultYellowBelow = 0m, ResultRedBelow = -1m, ChangeYellowBelow = 0m, ChangeRedBelow = -0.5m,
    };

    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public decimal ResultYellowBelow { get; private set; }
    public decimal ResultRedBelow { get; private set; }
    public decimal ChangeYellowBelow { get; private set; }
    public decimal ChangeRedBelow { get; private set; }
    /// <summary>0 until the office sets them (the defaults); one more for each change.</summary>
    public long Version { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }

    private ResultThresholds() { }

    public static ResultThresholds Create(string municipalityCode) => Defaults(municipalityCode);

    /// <summary>What is wrong with these four values, by field: a red threshold above its yellow one would never show yellow.</summary>
    public static IEnumerable<(string Field, string Reason)> Problems(decimal resultYellow, decimal resultRed, decimal changeYellow, decimal changeRed)
    {
        foreach (var (field, value) in new[] { ("result_yellow_below_percent", resultYellow), ("result_red_below_percent", resultRed),
                     ("change_yellow_below_percent", changeYellow), ("change_red_below_percent", changeRed) })
        {
            if (value is < -100m or > 100m)
            {
                yield return (field, $"is a percent of the allocation and must lie between -100 and 100, got {value}");
            }
        }
        if (resultRed > resultYellow)
        {
            yield return ("result_red_below_percent", $"must be at or below result_yellow_below_percent ({resultYellow}), got {resultRed}");
        }
        if (changeRed > changeYellow)
        {
            yield return ("change_red_below_percent", $"must be at or below change_yellow_below_percent ({changeYellow}), got {changeRed}");
        }
    }

    /// <summary>Takes checked values; false (and nothing changes) when they are the ones already in force.</summary>
    public bool Record(decimal resultYellow, decimal resultRed, decimal changeYellow, decimal changeRed, DateTimeOffset now)
    {
        if (Version > 0 && (ResultYellowBelow, ResultRedBelow, ChangeYellowBelow, ChangeRedBelow) == (resultYellow, resultRed, changeYellow, changeRed))
        {
            return false;
        }
        (ResultYellowBelow, ResultRedBelow, ChangeYellowBelow, ChangeRedBelow, UpdatedAt) = (resultYellow, resultRed, changeYellow, changeRed, now);
        Version++;
        return true;
    }
}
