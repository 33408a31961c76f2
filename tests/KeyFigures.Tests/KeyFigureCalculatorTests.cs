using NamndFollowUp.KeyFigures.Domain;
using static NamndFollowUp.KeyFigures.Tests.SeedDefinitions;

namespace NamndFollowUp.KeyFigures.Tests;

/// <summary>Bilaga 4 computed from the economy unit rows' exact kronor and the entered volumes.</summary>
public sealed class KeyFigureCalculatorTests
{
    private static KeyFigureComputation Compute(KeyFigureDefinition definition, decimal? costs, decimal? income, decimal? volume, string volumeName)
    {
        var entered = volume is { } v ? new Dictionary<string, decimal> { [volumeName] = v } : [];
        return KeyFigureCalculator.Compute(definition, entered,
            (activity, unit) => costs is null ? null : new EconomyAmounts(income - costs, costs, income, null, 3));
    }

    [Theory]
    // 5731 Institutionsvård: (178 503 400 − 4 327 500) / 32 380 = 5 379,12 kr → 5,4 tkr
    [InlineData("5731", "BOU-INST", 178_503_400, 4_327_500, 32_380, "care_days", "5,4", "174 176")]
    // varav externa institutioner: (109 438 400 − 4 327 500) / 19 587 = 5 366,36 kr → 5,4
    [InlineData("5731", "BOU-INST-EXT", 109_438_400, 4_327_500, 19_587, "care_days", "5,4", "105 111")]
    // 5732 Familjehemsvård: (173 209 000 − 5 792 000) / 98 016 = 1 708,06 kr → 1,7
    [InlineData("5732", "BOU-FAM", 173_209_000, 5_792_000, 98_016, "care_days", "1,7", "167 417")]
    // 5733 Strukturerad öppenvård: (92 243 000 − 379 000) / 8 438 = 10 887,0 kr → 10,9
    [InlineData("5733", "BOU-OPPEN", 92_243_000, 379_000, 8_438, "clients", "10,9", "91 864")]
    // varav externa utförare: 5 870 000 / 249 = 23 574,3 kr → 23,6
    [InlineData("5733", "BOU-OPPEN-EXT", 5_870_000, 0, 249, "clients", "23,6", "5 870")]
    public void The_seeds_key_figures(string activity, string unit, int costs, int income, int volume, string volumeName, string shown, string netCostShown)
    {
        var definition = Define(PerVolume("kf", activity, unit, volumeName, "enhet"));

        var result = Compute(definition, costs, income, volume, volumeName);

        Assert.True(result.Computable, result.NotComputableReason);
        Assert.Equal(((decimal)costs - income) / volume, result.Value);
        Assert.Equal(shown, result.Shown);
        // Swedish digit grouping uses a no-break space.
        Assert.Equal(netCostShown, result.Inputs.Single(i => i.Name == "net_cost").Shown.Replace('\u00a0', ' '));
        Assert.Equal(3, result.Inputs.Single(i => i.Name == "total_costs").SourceVersion);
    }

    [Fact]
    public void The_1_tkr_difference_of_5731_is_a_rounding_note_not_an_error()
    {
        var definition = Define(PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn"));

        var result = Compute(definition, 178_503_400m, 4_327_500m, 32_380m, "care_days");

        Assert.True(result.Computable);
        var note = Assert.Single(result.RoundingNotes);
        Assert.Equal("net_cost", note.Input);
        Assert.Equal(174_176m, note.Shown);          // 174 175 900 kr shown in tkr, as the sheet says
        Assert.Equal(174_175m, note.FromShownParts); // 178 503 − 4 328
        Assert.Equal(1m, note.Difference);
        Assert.Contains("178 503 − 4 328 = 174 175", note.Text.Replace('\u00a0', ' '));
    }

    [Fact]
    public void No_rounding_note_when_the_shown_parts_add_up()
    {
        var definition = Define(PerVolume("5732-1", "5732", "BOU-FAM", "care_days", "vårddygn"));

        Assert.Empty(Compute(definition, 173_209_000m, 5_792_000m, 98_016m, "care_days").RoundingNotes);
    }

    [Fact]
    public void A_zero_volume_is_not_computable_with_the_reason()
    {
        var definition = Define(PerVolume("5733-1", "5733", "BOU-OPPEN", "clients", "vårdtagare"));

        var result = Compute(definition, 92_243_000m, 379_000m, 0m, "clients");

        Assert.False(result.Computable);
        Assert.Equal("", result.Shown);
        Assert.Contains("'clients' is zero", result.NotComputableReason);
    }

    [Fact]
    public void A_missing_volume_or_economy_row_is_not_computable_naming_it()
    {
        var definition = Define(PerVolume("5733-1", "5733", "BOU-OPPEN", "clients", "vårdtagare"));

        var noVolume = Compute(definition, 92_243_000m, 379_000m, null, "clients");
        var noCosts = Compute(definition, null, null, 8_438m, "clients");

        Assert.Contains("no value has been entered for 'clients'", noVolume.NotComputableReason);
        Assert.Contains("activity 5733 unit BOU-OPPEN", noCosts.NotComputableReason);
        Assert.Contains("economy", noCosts.NotComputableReason);
    }

    [Fact]
    public void Net_cost_measure_is_the_negated_Actual()
    {
        var draft = PerVolume("x", "5731", "", "care_days", "vårddygn") with { Formula = "booked / care_days" };
        var inputs = draft.Inputs.ToList();
        inputs.Add(Economy("booked", "Nettokostnad enligt bokslut", "5731", "", EconomyMeasure.NetCost));
        var definition = Define(draft with { Inputs = inputs });

        var result = KeyFigureCalculator.Compute(definition, new Dictionary<string, decimal> { ["care_days"] = 10m },
            (_, _) => new EconomyAmounts(-1_000m, null, null, null, 1));

        Assert.Equal(100m, result.Value);
    }

    [Fact]
    public void Changed_after_adoption_keeps_the_adopted_value()
    {
        var definition = Define(PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn"));
        var stored = ComputedKeyFigure.Create("0380", "SCN", 2024, 14, definition);
        var now = DateTimeOffset.UtcNow;
        stored.Apply(Compute(definition, 178_503_400m, 4_327_500m, 32_380m, "care_days"), now);
        stored.MarkAdopted();

        Assert.True(stored.Apply(Compute(definition, 188_503_400m, 4_327_500m, 32_380m, "care_days"), now));

        Assert.True(stored.ChangedAfterAdoption);
        Assert.Equal(174_175_900m / 32_380m, stored.AdoptedValue);
        Assert.Equal("5,4", stored.AdoptedShown);
        Assert.Equal(184_175_900m / 32_380m, stored.Value);
        Assert.Equal("5,7", stored.Shown);
        var e = stored.ToRecomputedValue();
        Assert.True(e.ChangedAfterAdoption);
        Assert.Equal(stored.AdoptedValue, e.AdoptedValue);

        // Back to the adopted inputs: no longer changed.
        stored.Apply(Compute(definition, 178_503_400m, 4_327_500m, 32_380m, "care_days"), now);
        Assert.False(stored.ChangedAfterAdoption);
    }
}
