using System.Globalization;
using ProtoDecimal = NamndFollowUp.Contracts.Common.V1.Decimal;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// Amounts as the API sends them (exact kronor as text) and as a person reads them: miljoner kronor with one
/// decimal, rounded only when shown, Swedish digits ("−23,5").
/// </summary>
public static class Kronor
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static decimal? Parse(ProtoDecimal? value) =>
        value is { Value.Length: > 0 } && decimal.TryParse(value.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>"−23,5" (mnkr), or "–" when there is no amount.</summary>
    public static string Mnkr(decimal? kronor) => kronor is { } k ? (k / 1_000_000m).ToString("N1", Swedish) : "–";

    public static string Mnkr(ProtoDecimal? value) => Mnkr(Parse(value));

    /// <summary>Exact, for the title of a cell: "−23 512 345,50 kr".</summary>
    public static string Exact(decimal? kronor) => kronor is { } k ? k.ToString("#,0.##", Swedish) + " kr" : "";

    public static string Exact(ProtoDecimal? value) => Exact(Parse(value));

    public static string Number(decimal? value, string format = "N1") => value is { } v ? v.ToString(format, Swedish) : "–";

    public static string Percent(decimal? share) => share is { } s ? (s * 100).ToString("N1", Swedish) + " %" : "–";
}
