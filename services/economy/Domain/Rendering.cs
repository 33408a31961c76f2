using System.Globalization;
using System.Text;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// Tables as a person reads them. The only place amounts are rounded: to mnkr, half away from zero,
/// with the rounding stated under the table, because rounded rows need not add up to their rounded total.
/// </summary>
public static class Rendering
{
    // Written out rather than CultureInfo("sv-SE"): containers may run with invariant globalization.
    private static readonly NumberFormatInfo Swedish = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = " ", NegativeSign = "-" };

    public static string Mnkr(decimal? kronor, int decimals) =>
        kronor is { } k ? Math.Round(k / 1_000_000m, decimals, MidpointRounding.AwayFromZero).ToString($"N{decimals}", Swedish) : "–";

    public static string RoundingNote(int decimals) =>
        $"Belopp i miljoner kronor, avrundade till {(decimals == 0 ? "hela miljoner" : $"{decimals} decimal")} (hälften från noll) först vid visning; " +
        "summor och resultat är beräknade på exakta belopp i kronor, så avrundade rader summerar inte alltid till den avrundade summan.";

    public static string Table(string title, IReadOnlyList<string> headers, IEnumerable<(string Label, decimal?[] Values)> rows, int decimals)
    {
        var text = new StringBuilder();
        text.AppendLine(title);
        text.AppendLine(string.Join(" | ", headers));
        foreach (var (label, values) in rows)
        {
            text.AppendLine(string.Join(" | ", values.Select(v => Mnkr(v, decimals)).Prepend(label)));
        }
        text.AppendLine(RoundingNote(decimals));
        return text.ToString();
    }
}
