using NamndFollowUp.KeyFigures.Domain;

namespace NamndFollowUp.KeyFigures.Tests;

/// <summary>The seed's Bilaga 4 definitions as the municipal office would write them.</summary>
public static class SeedDefinitions
{
    public static readonly Presentation Tkr = new(1000, 0);
    public static readonly Presentation Count = new(1, 0);

    public static InputDefinition Economy(string name, string label, string activity, string unit, EconomyMeasure measure) => new()
    {
        Name = name, Label = label, Kind = InputKind.Economy, ActivityCode = activity, UnitCode = unit, Measure = measure,
        DisplayScale = 1000,
    };

    public static InputDefinition Computed(string name, string label, string formula, bool zeroRule = false) => new()
    {
        Name = name, Label = label, Kind = InputKind.Computed, Formula = formula, DisplayScale = 1000, ZeroMeansNotComputable = zeroRule,
    };

    public static InputDefinition Entered(string name, string label, bool zeroRule = true) => new()
    {
        Name = name, Label = label, Kind = InputKind.Entered, ZeroMeansNotComputable = zeroRule,
    };

    /// <summary>Net cost per volume unit with costs and income bound to an economy unit row.</summary>
    public static KeyFigureDefinition.Draft PerVolume(string code, string activity, string unit, string volume, string volumeLabel, string? parent = null) =>
        new(code, $"Kostnad per {volumeLabel}", KeyFigureCategory.KeyFigure, activity, "Institutionsvård för barn och ungdom", parent,
            $"net_cost / {volume}", $"tkr per {volumeLabel}", new Presentation(1000, 1), null, 1,
            [
                Economy("total_costs", "Totala kostnader", activity, unit, EconomyMeasure.Costs),
                Economy("other_income", "Avgår: övriga intäkter", activity, unit, EconomyMeasure.Income),
                Computed("net_cost", "Nettokostnad", "total_costs - other_income"),
                Entered(volume, volumeLabel),
            ]);

    public static KeyFigureDefinition Define(KeyFigureDefinition.Draft draft) =>
        KeyFigureDefinition.Create("0380", draft, new DateTimeOffset(2025, 1, 10, 8, 0, 0, TimeSpan.Zero));
}
