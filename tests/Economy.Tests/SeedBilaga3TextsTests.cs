using System.Text.RegularExpressions;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// The demo's Bilaga 3 texts (deploy/demo/economy-2024.csv, the narratives economy prints in Bilaga 3) are the seed's in
/// full: compared with tests/fixtures/seed-bilaga3/texts.txt, copied from the seed (line ranges and the two
/// extraction artefacts left out are in that folder's README), whitespace and line breaks aside.
/// </summary>
public sealed partial class SeedBilaga3TextsTests
{
    private static readonly PeriodKey FullYear2024 = new(2024, PeriodKey.FullYear);

    private static Dictionary<string, string> Demo() =>
        CsvImport.Parse(File.ReadAllBytes(Path.Combine(DemoData.RepoRoot(), "deploy", "demo", "economy-2024.csv")))
            .Narratives.Where(n => n.Period == FullYear2024).ToDictionary(n => n.Section, n => n.Text);

    /// <summary>The fixture: "=== section" lines (the CSV's narrative sections), each followed by its text.</summary>
    private static Dictionary<string, string> Seed() =>
        File.ReadAllText(Path.Combine(DemoData.RepoRoot(), "tests", "fixtures", "seed-bilaga3", "texts.txt"))
            .Split("=== ", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1]);

    private static string Normalised(string text) => Whitespace().Replace(text, " ").Trim();

    [Fact]
    public void Every_Bilaga_3_text_of_the_demo_is_the_seeds_text_in_full()
    {
        var demo = Demo();
        var seed = Seed();

        Assert.Equal(seed.Keys.Order(StringComparer.Ordinal), demo.Keys.Order(StringComparer.Ordinal));
        Assert.All(seed, s => Assert.Equal(Normalised(s.Value), Normalised(demo[s.Key])));
    }

    [Fact]
    public void Missbrukarvårds_text_has_the_seeds_sentence_on_the_open_care_of_addiction()
    {
        // The sentence the demo lacked (seed line 1532), and the subsections' headings as paragraphs of their own.
        var text = Demo()["area:Missbrukarvård och övrig vård för vuxna"];
        Assert.Contains("Antalet öppenvårdsinsatser har ökat med 9 procent jämfört med 2023 för beroendevården.", Normalised(text));
        var paragraphs = NamndFollowUp.Documents.DocumentTemplates.Paragraphs(text).ToList();
        Assert.All(new[] { "Beroende", "Avhopp", "Våld i nära relation", "Boendeenheterna" }, heading => Assert.Contains(heading, paragraphs));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
