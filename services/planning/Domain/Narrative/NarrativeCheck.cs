using System.Text.RegularExpressions;

namespace NamndFollowUp.Planning.Domain.Narrative;

/// <summary>
/// The check no other tool makes: every amount, percentage and count in the follow-up's texts against the figure it
/// refers to. A number's subject is the area its clause names (the areas of "A och B … 2 respektive 1" in order), else
/// the nearest area named before it in the sentence, else what the text is about; its measure comes from the words
/// around it (underskott, kommunbidrag, prognos, jämfört med 2023, insatskostnad, investeringar …) and its sign from
/// underskott/negativ/försämrats or a written minus. A number agrees when it is within the rounding it is written with
/// of one of the subject's figures for that measure (the same area in another table's grouping counts too).
/// </summary>
public static partial class NarrativeCheck
{
    public static IReadOnlyList<NarrativeFinding> Run(IEnumerable<NarrativeText> texts, IReadOnlyList<Figure> figures)
    {
        var subjects = figures.Select(f => f.Subject).OfType<string>().Distinct().Select(s => (Name: s, Stem: Stem(s))).Where(s => s.Stem.Length > 0).ToList();
        var findings = new List<NarrativeFinding>();
        foreach (var text in texts)
        {
            foreach (var sentence in Sentences(text.Text))
            {
                var mentions = NumberMentions.In(sentence);
                for (var i = 0; i < mentions.Count; i++)
                {
                    var lower = sentence.ToLowerInvariant();
                    var (start, end) = Clause(lower, mentions[i].Position);
                    // The words that say what a number is: from the number before it (or the clause's start) to the next
                    // number or "och" after it (or the clause's end), so "504 miljoner kronor och är en negativ avvikelse
                    // jämfört med budget på 25" gives 504 the cost and 25 the deviation.
                    var from = i > 0 && mentions[i - 1].Position > start ? mentions[i - 1].Position + 1 : start;
                    var to = i + 1 < mentions.Count && mentions[i + 1].Position < end ? mentions[i + 1].Position : end;
                    var and = lower.IndexOf(" och ", mentions[i].Position, StringComparison.Ordinal);
                    if (and >= 0 && and < to) to = and;
                    findings.Add(Judge(text, sentence, mentions[i], lower[start..end], lower[from..to], subjects, figures));
                }
            }
        }
        return findings;
    }

    private static NarrativeFinding Judge(NarrativeText text, string sentence, NumberMention mention, string clause, string window,
        List<(string Name, string Stem)> subjects, IReadOnlyList<Figure> figures)
    {
        NarrativeFinding Finding(FindingKind kind, Figure? figure, decimal? difference, string note) =>
            new(kind, text.Document, text.Section, sentence, mention.Text, mention.Unit == MentionUnit.Percent && figure?.Measure == FigureMeasure.ShareOfAllocation ? mention.Stated / 100m : mention.Stated, figure, difference, note);

        var lower = sentence.ToLowerInvariant();
        var measure = MeasureOf(window, lower, mention, text);
        if (measure is null)
        {
            return Finding(FindingKind.Unverifiable, null, null, mention.Unit switch
            {
                MentionUnit.Amount => "inget belopp i uppföljningens tabeller är det som meningen anger",
                MentionUnit.Percent => "en andel eller förändring som uppföljningens ekonomi inte har (en volym)",
                _ => "ett antal som uppföljningens ekonomi inte har (en volym)",
            });
        }

        var named = subjects.Select(s => (s.Name, At: clause.IndexOf(s.Stem, StringComparison.Ordinal))).Where(s => s.At >= 0).OrderBy(s => s.At).Select(s => s.Name).ToList();
        List<string?> candidatesSubjects;
        if (named.Count > 1 && mention.Respective > 0 && mention.Respective <= named.Count)
        {
            candidatesSubjects = [named[mention.Respective - 1]];
        }
        else if (named.Count > 0)
        {
            candidatesSubjects = [.. named];
        }
        else
        {
            // Nearest area before the number in the sentence, else the text's own subject; the committee when the sentence names it.
            var before = subjects.Select(s => (s.Name, At: lower[..mention.Position].LastIndexOf(s.Stem, StringComparison.Ordinal))).Where(s => s.At >= 0).OrderByDescending(s => s.At).Select(s => s.Name).FirstOrDefault();
            candidatesSubjects = [before ?? (Committee().IsMatch(clause) ? null : text.Subject)];
        }

        var negative = mention.Negative || Negative().IsMatch(clause) || (!Positive().IsMatch(clause) && Negative().IsMatch(lower));
        var signed = measure is FigureMeasure.Result or FigureMeasure.DeviationAgainstForecast or FigureMeasure.DeviationAgainstPreviousYear or FigureMeasure.ShareOfAllocation;
        var directional = mention.Negative || Negative().IsMatch(lower) || Positive().IsMatch(lower);
        var stated = mention.Unit == MentionUnit.Percent ? mention.Stated / 100m : mention.Stated;
        var tolerance = mention.Unit == MentionUnit.Percent ? mention.Tolerance / 100m : mention.Tolerance;
        var value = signed && directional && negative ? -stated : stated;

        var options = candidatesSubjects.Select(subject => (Subject: subject, Figures: figures.Where(f => f.Subject == subject && f.Measure == measure && f.Column == FigureColumn.Actual).ToList())).ToList();
        if (options.All(o => o.Figures.Count == 0))
        {
            return Finding(FindingKind.Unverifiable, null, null, $"uppföljningen har ingen siffra för {Describe(measure.Value)} ({candidatesSubjects[0] ?? "nämnden"})");
        }
        decimal Compare(Figure f) => signed && directional ? value : (f.Value < 0 ? -stated : stated);
        // When a number agrees with both readings of a result (årets resultat, and the deviation against a budget whose
        // result is not quite 0), the finding names the one the sentence speaks of: the deviation when it says "budget"
        // ("negativ avvikelse på 32 miljoner kronor i jämförelse med budget"), else the result ("underskott på 24").
        var againstBudget = clause.Contains("budget");
        int Named(Figure f) => f.Alternative == againstBudget ? 0 : 1;
        var agreeing = options.SelectMany(o => o.Figures).Where(f => Math.Abs(Compare(f) - f.Value) <= tolerance).OrderBy(Named).ToList();
        if (agreeing.Count > 0 && (options.Count == 1 || agreeing.Select(f => f.Subject).Distinct().Count() == 1))
        {
            var f = agreeing[0];
            // The same area grouped otherwise in another table (550 with or without Barn- och ungdomsvård): not an alarm, but said.
            var otherTable = options.SelectMany(o => o.Figures).FirstOrDefault(x => !x.Alternative && Math.Abs(Compare(x) - x.Value) > tolerance);
            return Finding(FindingKind.Confirmed, f, Compare(f) - f.Value,
                otherTable is null ? "" : $"{otherTable.Label} är {(otherTable.Value / 1_000_000m).ToString("0.0", Swedish)} mnkr");
        }
        var closest = options.SelectMany(o => o.Figures).OrderBy(f => Math.Abs(Compare(f) - f.Value)).ThenBy(Named).First();
        if (options.Count > 1)
        {
            return Finding(FindingKind.Ambiguous, closest, Compare(closest) - closest.Value,
                $"meningen nämner {string.Join(" och ", candidatesSubjects.Select(s => s ?? "nämnden"))}; {(agreeing.Count > 0 ? "talet stämmer med fler än en av dem" : "talet stämmer med ingen av dem")}");
        }
        // A number that is another column of the same figure (last year's, the forecast's) is a telling mismatch: say which.
        var other = figures.FirstOrDefault(f => f.Subject == closest.Subject && f.Measure == measure && f.Column != FigureColumn.Actual && Math.Abs(Compare(f) - f.Value) <= tolerance);
        return Finding(FindingKind.Mismatch, closest, Compare(closest) - closest.Value,
            other is null ? "" : $"talet är {other.Label}");
    }

    private static FigureMeasure? MeasureOf(string clause, string sentence, NumberMention mention, NarrativeText text)
    {
        if (mention.Unit == MentionUnit.Count)
        {
            return null;
        }
        if (mention.Unit == MentionUnit.Percent)
        {
            return clause.Contains("budgetram") || clause.Contains("kommunbidrag") ? FigureMeasure.ShareOfAllocation : null;
        }
        if (sentence.Contains("insatskostnad") || (text.Interventions && !clause.Contains("resultat")))
        {
            return clause.Contains("budget") && (clause.Contains("avvikelse") || clause.Contains("högre") || clause.Contains("lägre"))
                ? FigureMeasure.InterventionDeviationAgainstBudget
                : FigureMeasure.InterventionCost;
        }
        if (clause.Contains("investering") || sentence.StartsWith("investering", StringComparison.Ordinal))
        {
            return FigureMeasure.Investment;
        }
        if (clause.Contains("kommunbidrag") || clause.Contains("budgetram"))
        {
            return FigureMeasure.Allocation;
        }
        if (clause.Contains("prognos"))
        {
            return FigureMeasure.DeviationAgainstForecast;
        }
        if (PreviousYear().IsMatch(clause) && (clause.Contains("försämr") || clause.Contains("förbättr") || clause.Contains("avvikelse")))
        {
            return FigureMeasure.DeviationAgainstPreviousYear;
        }
        if (Result().IsMatch(clause) || (!clause.Contains("kostnad") && Result().IsMatch(sentence)))
        {
            return FigureMeasure.Result;
        }
        return null;
    }

    private static string Describe(FigureMeasure measure) => measure switch
    {
        FigureMeasure.Result => "resultatet",
        FigureMeasure.Allocation => "kommunbidraget",
        FigureMeasure.DeviationAgainstForecast => "avvikelsen mot prognos",
        FigureMeasure.DeviationAgainstPreviousYear => "förändringen mot föregående år",
        FigureMeasure.ShareOfAllocation => "resultatets andel av kommunbidraget",
        FigureMeasure.InterventionCost => "insatskostnaden",
        FigureMeasure.InterventionDeviationAgainstBudget => "insatskostnadens avvikelse mot budget",
        FigureMeasure.Investment => "investeringarna",
        _ => measure.ToString(),
    };

    /// <summary>The clause around a position: between commas, semicolons and "varav" / "medan".</summary>
    private static (int Start, int End) Clause(string sentence, int position)
    {
        var start = 0;
        var end = sentence.Length;
        foreach (Match boundary in ClauseBoundary().Matches(sentence))
        {
            if (boundary.Index + boundary.Length <= position)
            {
                start = boundary.Index + boundary.Length;
            }
            else if (boundary.Index >= position)
            {
                end = boundary.Index;
                break;
            }
        }
        return (start, end);
    }

    /// <summary>Sentences of a text: paragraphs, then a full stop followed by a capital.</summary>
    public static IEnumerable<string> Sentences(string text) =>
        text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(p => SentenceBoundary().Split(p)).Select(s => s.Trim()).Where(s => s.Length > 0);

    /// <summary>
    /// How a sentence names an area: the first eight letters of the most telling word of its name ("ungdomsv" for
    /// "Barn- och ungdomsvård" finds "Barn och ungdomsvårdens"; "missbruk" finds "missbruks- och övrig vuxenvård").
    /// </summary>
    public static string Stem(string area)
    {
        var word = Words().Matches(area.ToLowerInvariant()).Select(m => m.Value)
            .Where(w => !Generic.Contains(w)).OrderByDescending(w => w.Length).FirstOrDefault() ?? "";
        return word.Length > 8 ? word[..8] : word;
    }

    private static readonly System.Globalization.CultureInfo Swedish = System.Globalization.CultureInfo.GetCultureInfo("sv-SE");

    private static readonly HashSet<string> Generic = ["verksamhet", "verksamheten", "vård", "omsorg", "personer", "övrig", "övriga", "för", "och", "med", "om", "vuxna"];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-ZÅÄÖ""”›])")]
    private static partial Regex SentenceBoundary();

    [GeneratedRegex(@"[,;]|\s(?:varav|medan)\s")]
    private static partial Regex ClauseBoundary();

    [GeneratedRegex(@"underskott|negativ|försämr|minskat med|sämre")]
    private static partial Regex Negative();

    [GeneratedRegex(@"överskott|positiv|förbättr|bättre")]
    private static partial Regex Positive();

    [GeneratedRegex(@"underskott|överskott|resultat|avvikelse")]
    private static partial Regex Result();

    [GeneratedRegex(@"jämfört med (?:20\d\d|föregående år)|föregående år|i jämförelse med 20\d\d")]
    private static partial Regex PreviousYear();

    [GeneratedRegex(@"\bnämnd(?:en|ens)?\b|socialnämnd")]
    private static partial Regex Committee();
}
