using System.Globalization;
using System.Text.RegularExpressions;

namespace NamndFollowUp.Planning.Domain.Narrative;

public enum MentionUnit
{
    /// <summary>Miljoner kronor, mnkr, mkr: stated in kronor.</summary>
    Amount = 1,
    Percent = 2,
    Count = 3,
}

/// <param name="Stated">Kronor for an amount, per cent for a percentage, the count for a count.</param>
/// <param name="Tolerance">Half a unit of the last digit written (in the same unit), wider after "drygt", "nästan", "cirka" ….</param>
/// <param name="Respective">0 for a lone number; 1 and 2 for the first and second of "2 respektive 1 miljon kronor".</param>
public sealed record NumberMention(int Position, string Text, decimal Stated, decimal Tolerance, bool Negative, MentionUnit Unit, int Respective);

/// <summary>
/// The amounts, percentages and counts a Swedish sentence states, as a committee writes them: "−23,5 miljoner kronor",
/// "2 respektive 1 miljon kronor", "46 %", "5 480 barn", "drygt 5 000 vårddygn". Years, numbered references
/// ("fokusmål 1", "uppdrag 4", "(1997:617)"), ages ("13-17 år") and list numbers are not figures and are left out.
/// </summary>
public static partial class NumberMentions
{
    public static IReadOnlyList<NumberMention> In(string sentence)
    {
        var mentions = new List<NumberMention>();
        foreach (Match m in Mention().Matches(sentence))
        {
            var unit = UnitOf(m.Groups["unit"].Value);
            var before = sentence[..m.Index].TrimEnd().ToLowerInvariant();
            var approximate = Approximate().IsMatch(before);
            if (unit is null)
            {
                if (!IsCount(sentence, m, before))
                {
                    continue;
                }
                unit = MentionUnit.Count;
            }
            var scale = m.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "tkr" or "tusen kronor" => 1_000m,
                "kronor" => 1m,
                "%" or "procent" => 1m,
                "" => 1m,
                _ => 1_000_000m,
            };
            var groups = m.Groups["b"].Success ? new[] { m.Groups["a"], m.Groups["b"] } : [m.Groups["a"]];
            for (var i = 0; i < groups.Length; i++)
            {
                var (value, decimals) = Parse(groups[i].Value);
                var tolerance = approximate ? Math.Max(Math.Abs(value) * 0.1m, HalfUnit(decimals)) : HalfUnit(decimals);
                mentions.Add(new NumberMention(groups[i].Index, m.Value.Trim(), Math.Abs(value) * scale, tolerance * scale, value < 0,
                    unit.Value, groups.Length == 1 ? 0 : i + 1));
            }
        }
        return mentions;
    }

    private static MentionUnit? UnitOf(string unit) => unit.ToLowerInvariant() switch
    {
        "" => null,
        "%" or "procent" => MentionUnit.Percent,
        _ => MentionUnit.Amount,
    };

    /// <summary>A number without a unit is a count when a noun of things counted follows, or when it is large and no year or reference.</summary>
    private static bool IsCount(string sentence, Match m, string before)
    {
        var a = m.Groups["a"].Value;
        var after = sentence[(m.Index + m.Length)..];
        if (Reference().IsMatch(before) || after.StartsWith(':') || after.StartsWith('-') || after.StartsWith('–'))
        {
            return false;
        }
        // "1. Utvecklingsarbete …": a list's number.
        if (after.StartsWith('.') && before.Length == 0)
        {
            return false;
        }
        var (value, decimals) = Parse(a);
        var isYear = decimals == 0 && !a.Contains(' ') && !a.Contains('\u00A0') && value is >= 1900 and <= 2100;
        if (isYear)
        {
            return false;
        }
        return CountNoun().IsMatch(after) || Math.Abs(value) >= 100;
    }

    private static (decimal Value, int Decimals) Parse(string text)
    {
        var t = text.Replace(" ", "").Replace("\u00A0", "").Replace('−', '-');
        var comma = t.IndexOf(',');
        var decimals = comma < 0 ? 0 : t.Length - comma - 1;
        return (decimal.Parse(t.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), decimals);
    }

    private static decimal HalfUnit(int decimals) => 0.5m / (decimal)Math.Pow(10, decimals);

    private const string Number = @"(?<![\w\-−/:.,])[-−]?(?:\d{1,3}(?:[ \u00A0]\d{3})+|\d+)(?:,\d+)?(?![\w:])";

    [GeneratedRegex(@"(?<a>" + Number + @")(?:\s+respektive\s+(?<b>" + Number + @"))?(?:\s*(?<unit>miljoner kronor|miljon kronor|miljoner|miljon|mnkr|mkr|mn kr|tkr|tusen kronor|kronor|procent|%))?", RegexOptions.IgnoreCase)]
    private static partial Regex Mention();

    [GeneratedRegex(@"(?:^|\s)(?:drygt|knappt|nästan|cirka|ca|ungefär|omkring|över|närmare|mer än|mindre än)$")]
    private static partial Regex Approximate();

    [GeneratedRegex(@"(?:fokusmål|uppdrag|uppdraget|bilaga|etappmålen|etappmål|fas|sida|version|nr|kapitel|§|lag|punkt|steg|nivå)$")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\s+(?:\p{L}+\s+)?(?:barn|ärenden|ärende|anmälningar|anmälningarna|orosanmälningar|utredningar|vårddygn|dygn|placeringar|personer|brukare|insatser|vårdtagare|medarbetare|årsarbetare|platser|ansökningar|individer|ungdomar|familjer|hushåll)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CountNoun();
}
