using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Planning.Tests;

/// <summary>
/// The demo data holds the seed's Bilaga 1 and 2 texts whole: every line of the seed's text (tests/seed, a copy of
/// the seed as the PDF's text) from Bilaga 1's title to the end of Bilaga 2 stands, word for word, in the texts the
/// demo loader sends (deploy/demo/planning-followup-2024.json), except the lines that are the documents' furniture,
/// which the templates print (page numbers, column headings, labels) or which are economy's tables.
/// </summary>
public sealed partial class SeedTextsTests
{
    private static readonly string[] SeedLines =
        File.ReadAllLines(Path.Combine(Repository.Root, "tests/seed/uppsala-socialnamnden-arsbokslut-2024.txt"));

    // Bilaga 1 starts at the seed's line 100 ("Bilaga 1 -"); Bilaga 2 ends at 1257, where the seed's text is cut off.
    private const int First = 100, Last = 1257;

    /// <summary>Lines the templates print or that belong to economy's tables (Bilaga 2's "Sammanfattning av ekonomiskt resultat").</summary>
    private static readonly HashSet<int> Furniture =
    [
        100, 101, 102, 103, 105, 106, 107, 108, // Bilaga 1's title and its fixed introduction
        110, 111, 113, 858, 859, 861, // page headers: förvaltning, Datum, Diarienummer, Handläggare
        133, 268, 688, 1039, // "Sida X (Y)"
        135, 201, 270, 305, 376, 424, 474, 559, 646, 695, 735, 782, // column headings
        157, 161, 168, 296, 697, 698, 721, 722, 737, 738, 784, 798, 810, // labels: Leverans/insatser, Nämndmål, KS-BESLUT, Särskild rapportering
        690, 693, 816, 817, 818, 820, 947, 1170, // section headings
        1048, 1050, 1051, 1054, 1057, 1060, 1062, 1064, 1065, 1066, 1068, 1070, 1072, 1074, 1076, 1079, 1080, 1082, 1084, // economy's tables
    ];

    private static string Normalized(string text) => Whitespace().Replace(text.Replace('›', ' '), " ").Trim();

    private static string LoadedTexts()
    {
        var texts = new List<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonValue v when v.TryGetValue<string>(out var s): texts.Add(s); break;
                case JsonArray a: foreach (var x in a) Walk(x); break;
                case JsonObject o: foreach (var (_, x) in o) Walk(x); break;
            }
        }
        Walk(SeedFollowUp.Demo);
        return Normalized(string.Join(' ', texts));
    }

    [Fact]
    public void Every_line_of_the_seeds_Bilaga_1_and_2_is_in_the_demo_data_word_for_word()
    {
        var loaded = LoadedTexts();
        var missing = new List<string>();
        for (var n = First; n <= Last; n++)
        {
            var line = Normalized(SeedLines[n - 1]);
            // An assignment's number, the label "Nämndmål:" and a status at a line's end are fields of their own in the data.
            line = AssignmentNumber().Replace(line, "").Replace("Nämndmål: ", "");
            line = TrailingStatus().Replace(line, "");
            if (line.Length < 2 || Furniture.Contains(n) || loaded.Contains(line, StringComparison.Ordinal))
            {
                continue;
            }
            missing.Add($"{n}: {line}");
        }
        Assert.True(missing.Count == 0, "seed lines not in the demo data:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Bilaga_2s_sections_on_target_groups_prevention_costs_comparisons_and_private_providers_are_loaded()
    {
        var analysis = SeedFollowUp.Demo["followUp"]!["analysis"]!.AsArray();
        string[] Headings(string kind) => analysis.Where(s => (string)s!["kind"]! == kind).Select(s => (string)s!["heading"]!).ToArray();

        Assert.Equal(["Orosanmälningar inom barn- och ungdomsvården", "Förebyggande arbete och insatser utan behovsprövning"], Headings("core_mission"));
        Assert.Equal(["Kostnadsutveckling"], Headings("cost_development"));
        Assert.Equal(["Uppföljning av privata utförare"], Headings("private_providers"));
        var costs = (string)analysis.Single(s => (string)s!["kind"]! == "cost_development")!["text"]!;
        Assert.Contains("I jämförelse med nätverket R12 har Uppsala inte heller anmärkningsvärt många barn- och ungdomar", costs);
        Assert.EndsWith("som med alla kommuner.", costs);
    }

    [Fact]
    public void Every_line_of_the_seeds_tjansteskrivelse_is_in_the_cover_memo_data_word_for_word()
    {
        var memo = SeedFollowUp.Demo["followUp"]!["coverMemo"]!;
        var texts = new List<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonValue v when v.TryGetValue<string>(out var s): texts.Add(s); break;
                case JsonArray a: foreach (var x in a) Walk(x); break;
                case JsonObject o: foreach (var (_, x) in o) Walk(x); break;
            }
        }
        Walk(memo);
        var loaded = Normalized(string.Join(' ', texts));
        // The template prints the page header (förvaltning, Datum, Diarienummer, Handläggare: lines 32, 35, 36 and the
        // labels of 33), "Förslag till beslut", "Beslutsunderlag", the committee line of the signature and the
        // förvaltning's addresses (38, 39); the proposals' numbers and the list's bullet glyph are the template's too.
        HashSet<int> furniture = [3, 32, 35, 36, 38, 39, 88, 96];
        var missing = new List<string>();
        for (var n = 1; n <= 99; n++)
        {
            var line = Normalized(SeedLines[n - 1].Replace("\uf0b7", ""));
            line = AssignmentNumber().Replace(line, "");
            if (n == 33) line = line.Replace(" 2025-02-07", "");
            if (line.Length < 2 || furniture.Contains(n) || loaded.Contains(line, StringComparison.Ordinal))
            {
                continue;
            }
            missing.Add($"{n}: {line}");
        }
        Assert.True(missing.Count == 0, "seed lines not in the cover memo:\n" + string.Join('\n', missing));
        Assert.Equal("SCN-2025-00042", (string)memo["caseNumber"]!);
        Assert.Equal(3, memo["proposals"]!.AsArray().Count);
        Assert.Equal(5, memo["decisionBasis"]!.AsArray().Count);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\d+\.\s")]
    private static partial Regex AssignmentNumber();

    [GeneratedRegex(@"\s(Klar|Färdig)$")]
    private static partial Regex TrailingStatus();
}
