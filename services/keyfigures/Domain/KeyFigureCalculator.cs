using System.Globalization;
using NamndFollowUp.KeyFigures.Domain.Formulas;

namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>An economy figure row's measures as last received (kronor; Costs and Income positive).</summary>
public sealed record EconomyAmounts(decimal? Actual, decimal? Costs, decimal? Income, decimal? InterventionCost, long Version);

/// <summary>One input's value on the sheet, or why it has none.</summary>
public sealed record InputValue(string Name, string Label, InputKind Kind, decimal? Value, string? NotComputableReason, string Shown, long SourceVersion);

/// <summary>
/// A computed sum or difference whose shown value differs from the same sum of its shown parts, because the
/// parts were rounded on their own (the seed's 178 503 − 4 328 = 174 175 against a stated 174 176). A note,
/// not an error: the exact value is the right one.
/// </summary>
public sealed record RoundingNote(string Input, string Label, decimal Shown, decimal FromShownParts, decimal Difference, string Text);

public sealed record KeyFigureComputation(
    string DefinitionCode, decimal? Value, string? NotComputableReason, string Shown,
    IReadOnlyList<InputValue> Inputs, IReadOnlyList<RoundingNote> RoundingNotes)
{
    public bool Computable => Value is not null;
}

public static class KeyFigureCalculator
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>Rounded for display: value / scale, half away from zero, as the committee's sheet rounds.</summary>
    public static decimal Round(decimal value, Presentation p) => Math.Round(value / p.Scale, p.Decimals, MidpointRounding.AwayFromZero);

    /// <summary>"174 176", "5,4": Swedish digit grouping and decimal comma.</summary>
    public static string Show(decimal? value, Presentation p) =>
        value is { } v ? Round(v, p).ToString("N" + p.Decimals, Swedish) : "";

    /// <summary>
    /// Computes <paramref name="definition"/> from the committee's entered values (by input name) and the
    /// economy rows (by activity and unit code) of one period.
    /// </summary>
    public static KeyFigureComputation Compute(KeyFigureDefinition definition, IReadOnlyDictionary<string, decimal> entered,
        Func<string, string, EconomyAmounts?> economy)
    {
        var inputs = definition.Inputs.ToDictionary(i => i.Name);
        var parsed = definition.Inputs.Where(i => i.Kind == InputKind.Computed)
            .ToDictionary(i => i.Name, i => Formula.Parse(i.Formula!));
        var values = new Dictionary<string, (Evaluation Evaluation, long Version)>();

        (Evaluation Evaluation, long Version) Resolve(string name)
        {
            if (values.TryGetValue(name, out var known))
            {
                return known;
            }
            var input = inputs[name];
            (Evaluation, long) result = input.Kind switch
            {
                InputKind.Entered => (entered.TryGetValue(name, out var v)
                    ? Evaluation.Of(v)
                    : Evaluation.NotComputable($"no value has been entered for '{name}' ({input.Label})"), 0L),
                InputKind.Economy => FromEconomy(input, economy),
                _ => (Formula.Evaluate(parsed[name], n => Resolve(n).Evaluation), 0L),
            };
            values[name] = result;
            return result;
        }

        var main = Formula.Parse(definition.Formula);
        var value = Formula.Evaluate(main, n => Resolve(n).Evaluation);
        foreach (var input in definition.Inputs)
        {
            Resolve(input.Name);
        }

        var shownInputs = definition.Inputs.Select(i =>
        {
            var (evaluation, version) = values[i.Name];
            return new InputValue(i.Name, i.Label, i.Kind, evaluation.Value, evaluation.NotComputableReason, Show(evaluation.Value, i.Presentation), version);
        }).ToList();

        var notes = new List<RoundingNote>();
        foreach (var (name, expr) in parsed)
        {
            if (RoundingNoteFor(inputs[name], expr, values, inputs) is { } note)
            {
                notes.Add(note);
            }
        }
        return new KeyFigureComputation(definition.Code, value.Value, value.NotComputableReason,
            Show(value.Value, definition.Presentation), shownInputs, notes);
    }

    private static (Evaluation, long) FromEconomy(InputDefinition input, Func<string, string, EconomyAmounts?> economy)
    {
        var unit = input.UnitCode ?? "";
        var where = unit.Length == 0 ? $"activity {input.ActivityCode}" : $"activity {input.ActivityCode} unit {unit}";
        if (economy(input.ActivityCode!, unit) is not { } row)
        {
            return (Evaluation.NotComputable($"no figures for {where} have arrived from the economy service ('{input.Name}')"), 0);
        }
        decimal? amount = input.Measure switch
        {
            EconomyMeasure.Costs => row.Costs,
            EconomyMeasure.Income => row.Income,
            EconomyMeasure.NetCost => -row.Actual,
            EconomyMeasure.InterventionCost => row.InterventionCost,
            _ => null,
        };
        return amount is { } a
            ? (Evaluation.Of(a), row.Version)
            : (Evaluation.NotComputable($"the economy figures of {where} have no {input.Measure} ('{input.Name}')"), row.Version);
    }

    private static RoundingNote? RoundingNoteFor(InputDefinition input, Expr expr, Dictionary<string, (Evaluation Evaluation, long Version)> values,
        Dictionary<string, InputDefinition> inputs)
    {
        if (!Formula.IsAdditive(expr) || values[input.Name].Evaluation.Value is not { } exact)
        {
            return null;
        }
        var names = Formula.Inputs(expr);
        if (names.Any(n => values[n].Evaluation.Value is null))
        {
            return null;
        }
        // Each part as the sheet shows it, back in kronor, so parts of different scales still add up.
        decimal ShownPart(string n) => Round(values[n].Evaluation.Value!.Value, inputs[n].Presentation) * inputs[n].DisplayScale;
        var fromParts = Formula.Evaluate(expr, n => Evaluation.Of(ShownPart(n))).Value!.Value;
        var shownFromParts = Round(fromParts, input.Presentation);
        var shown = Round(exact, input.Presentation);
        if (shown == shownFromParts)
        {
            return null;
        }
        var written = Formula.Print(expr, i => Show(values[i.Name].Evaluation.Value, inputs[i.Name].Presentation),
            n => n.ToString(Swedish), "−");
        var difference = shown - shownFromParts;
        var text = $"{input.Label} {Show(exact, input.Presentation)} är beräknad på oavrundade belopp; de avrundade raderna ger "
            + $"{written} = {shownFromParts.ToString("N" + input.DisplayDecimals, Swedish)} (avrundningsdifferens {difference.ToString("N" + input.DisplayDecimals, Swedish)}).";
        return new RoundingNote(input.Name, input.Label, shown, shownFromParts, difference, text);
    }
}
