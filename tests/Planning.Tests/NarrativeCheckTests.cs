using NamndFollowUp.Planning.Domain.Narrative;

namespace NamndFollowUp.Planning.Tests;

/// <summary>The narrative-versus-figures check on sentences written here, against figures given here (kronor, exact).</summary>
public sealed class NarrativeCheckTests
{
    private static readonly Figure[] Figures =
    [
        new(null, FigureMeasure.Result, FigureColumn.Actual, -23_520_000m, "årets resultat, nämnden"),
        new("Missbrukarvård och övrig vård för vuxna", FigureMeasure.Result, FigureColumn.Actual, 10_200_000m, "årets resultat, Missbrukarvård"),
        new("Missbrukarvård och övrig vård för vuxna", FigureMeasure.Result, FigureColumn.Forecast, 14_300_000m, "resultatet i helårsprognos 202408, Missbrukarvård"),
        new("Flyktingmottagande", FigureMeasure.Result, FigureColumn.Actual, 1_520_000m, "årets resultat, Flyktingmottagande"),
        new("Familjerätt och familjerådgivning", FigureMeasure.Result, FigureColumn.Actual, 1_260_000m, "årets resultat, Familjerätt"),
    ];

    private static IReadOnlyList<NarrativeFinding> Check(string text) => NarrativeCheck.Run([new NarrativeText("Bilaga 3", "test", text)], Figures);

    [Fact]
    public void Swedish_amounts_percentages_and_counts_are_read_with_their_rounding_and_years_and_references_are_not()
    {
        var mentions = NumberMentions.In("Resultatet −23,5 miljoner kronor, 46 %, 5 480 barn och drygt 5 000 vårddygn 2024 enligt lag (1997:617) inom fokusmål 1.");

        Assert.Equal([23_500_000m, 46m, 5_480m, 5_000m], mentions.Select(m => m.Stated));
        Assert.True(mentions[0].Negative);
        Assert.Equal(50_000m, mentions[0].Tolerance);
        Assert.Equal(500m, mentions[3].Tolerance); // "drygt": a tenth of the number
        Assert.Equal([MentionUnit.Amount, MentionUnit.Percent, MentionUnit.Count, MentionUnit.Count], mentions.Select(m => m.Unit));
    }

    [Fact]
    public void A_surplus_that_is_the_forecast_rather_than_the_outcome_is_a_mismatch_that_says_so()
    {
        var finding = Assert.Single(Check("Missbrukarvård och övrig vård för vuxna hade ett överskott på 14 miljoner kronor."));

        Assert.Equal(FindingKind.Mismatch, finding.Kind);
        Assert.Equal(3_800_000m, finding.Difference);
        Assert.Contains("helårsprognos 202408", finding.Note);
    }

    [Fact]
    public void Respektive_pairs_each_number_with_the_area_named_in_the_same_place_and_a_deficit_is_negative()
    {
        var findings = Check("Flyktingmottagande och Familjerätt och familjerådgivning hade ett överskott på 2 respektive 1 miljon kronor. Socialnämnden hade ett underskott på 24 miljoner kronor.");

        Assert.All(findings, f => Assert.Equal(FindingKind.Confirmed, f.Kind));
        Assert.Equal(["Flyktingmottagande", "Familjerätt och familjerådgivning", null], findings.Select(f => f.Figure!.Subject));
        Assert.Equal(-480_000m, findings[2].Difference);
    }

    [Fact]
    public void A_surplus_where_the_table_has_a_deficit_is_a_mismatch_by_its_sign()
    {
        var finding = Assert.Single(Check("Socialnämnden hade ett överskott på 23,5 miljoner kronor."));

        Assert.Equal(FindingKind.Mismatch, finding.Kind);
        Assert.Equal(47_020_000m, finding.Difference);
    }

    [Fact]
    public void A_number_no_figure_speaks_of_is_unverifiable_not_an_alarm()
    {
        var findings = Check("Socialnämnden har under 2024 köpt vårdinsatser för 337 miljoner kronor. Antalet vårddygn var 5 procent högre.");

        Assert.Equal([FindingKind.Unverifiable, FindingKind.Unverifiable], findings.Select(f => f.Kind));
    }
    [Fact]
    public void A_number_agreeing_with_both_the_result_and_the_deviation_against_budget_names_the_one_the_sentence_speaks_of()
    {
        // A budget whose result is not 0 (here −0,18 mnkr): årets resultat −23,52 and the deviation against budget −23,70
        // both round to 24, so either could confirm "24"; the finding must name the one the words mean.
        Figure[] figures =
        [
            new(null, FigureMeasure.Result, FigureColumn.Actual, -23_700_000m, "avvikelsen mot budget, nämnden", Alternative: true),
            new(null, FigureMeasure.Result, FigureColumn.Actual, -23_520_000m, "årets resultat, nämnden"),
            new("Missbrukarvård och övrig vård för vuxna", FigureMeasure.Result, FigureColumn.Actual, 10_200_000m, "avvikelsen mot budget, Missbrukarvård", Alternative: true),
            new("Missbrukarvård och övrig vård för vuxna", FigureMeasure.Result, FigureColumn.Actual, 10_200_000m, "årets resultat, Missbrukarvård"),
        ];

        var findings = NarrativeCheck.Run([new NarrativeText("Bilaga 3", "test",
            "Socialnämnden hade ett underskott på 24 miljoner kronor. Socialnämnden har en negativ avvikelse på 24 miljoner kronor i jämförelse med budget. " +
            "Missbrukarvård och övrig vård för vuxna hade ett överskott på 14 miljoner kronor.")], figures);

        Assert.Equal([FindingKind.Confirmed, FindingKind.Confirmed, FindingKind.Mismatch], findings.Select(f => f.Kind));
        Assert.Equal(["årets resultat, nämnden", "avvikelsen mot budget, nämnden", "årets resultat, Missbrukarvård"], findings.Select(f => f.Figure!.Label));
        Assert.Equal([-480_000m, -300_000m, 3_800_000m], findings.Select(f => f.Difference));
    }
}
