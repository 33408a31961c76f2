using System.Globalization;

namespace NamndFollowUp.Documents;

/// <summary>
/// Numbers as a Swedish committee document prints them: decimal comma, a real minus sign (U+2212, "−23,5"),
/// thousands grouped with a no-break space ("1 234") so a figure never breaks over two lines.
/// </summary>
public static class SwedishNumber
{
    public const string Minus = "\u2212";
    public const string GroupSeparator = "\u00A0";

    public static readonly NumberFormatInfo Format = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = GroupSeparator,
        NumberGroupSizes = [3],
        NegativeSign = Minus,
        PercentDecimalSeparator = ",",
        PercentGroupSeparator = GroupSeparator,
    };

    /// <summary>The value with exactly <paramref name="decimals"/> decimals, rounded half away from zero as the seed's tables are.</summary>
    public static string Of(decimal value, int decimals = 0)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        // "−0" is not a figure anyone writes: a value that rounds to zero prints as 0.
        if (rounded == 0m)
        {
            rounded = 0m;
        }
        return rounded.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Format);
    }

    /// <summary>With a sign also when positive (a change: "+5", "−4").</summary>
    public static string Signed(decimal value, int decimals = 0)
    {
        var text = Of(value, decimals);
        return text.StartsWith(Minus, StringComparison.Ordinal) || Math.Round(value, decimals, MidpointRounding.AwayFromZero) == 0m ? text : "+" + text;
    }

    /// <summary>A decimal as the contracts carry it (invariant culture text), or null when it is empty or not a number.</summary>
    public static decimal? Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}
