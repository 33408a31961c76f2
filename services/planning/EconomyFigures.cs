using System.Globalization;
using NamndFollowUp.Contracts.Economy.V1;
using Narrative = NamndFollowUp.Planning.Domain.Narrative;

namespace NamndFollowUp.Planning;

/// <summary>
/// Economy's tables as the figures a text may refer to (exact, kronor), and Bilaga 3's own texts, each with the area it
/// stands under. An area appears once per table that shows it: the summary groups codes by allocation, the detail
/// layout may group them otherwise (550 under Barn- och ungdomsvård), and a text may speak of either.
/// </summary>
public static class EconomyFigures
{
    private const string Summary = "sammanfattningen", Detail = "resultat per verksamhet";

    public static IEnumerable<Narrative.Figure> From(int year, ResultSummary summary, ActivityResultTables detail, InterventionCostTables interventions, InvestmentTable investments)
    {
        var forecast = summary.ForecastName.Length > 0 ? summary.ForecastName : "prognosen";
        foreach (var (subject, a) in summary.Areas.Select(a => ((string?)a.AreaName, a)).Append((null, summary.Total)))
        {
            if (a is null) continue;
            var name = subject ?? "nämnden totalt";
            if (Value(a.DeviationAgainstBudget) is { } againstBudget)
            {
                yield return new(subject, Narrative.FigureMeasure.Result, Narrative.FigureColumn.Actual, againstBudget, $"avvikelsen mot budget {year}, {name} ({Summary})", Alternative: true);
            }
            foreach (var f in Some(
                (subject, Narrative.FigureMeasure.Result, Narrative.FigureColumn.Actual, a.Result, $"årets resultat {year}, {name} ({Summary})"),

                (subject, Narrative.FigureMeasure.Result, Narrative.FigureColumn.Forecast, a.ForecastResult, $"resultatet i {forecast}, {name}"),
                (subject, Narrative.FigureMeasure.Result, Narrative.FigureColumn.PreviousYear, a.PreviousYearResult, $"årets resultat {year - 1}, {name}"),
                (subject, Narrative.FigureMeasure.Allocation, Narrative.FigureColumn.Actual, a.Allocation, $"kommunbidraget {year}, {name}"),
                (subject, Narrative.FigureMeasure.DeviationAgainstForecast, Narrative.FigureColumn.Actual, a.DeviationAgainstForecast, $"avvikelsen mot {forecast}, {name}"),
                (subject, Narrative.FigureMeasure.DeviationAgainstPreviousYear, Narrative.FigureColumn.Actual, a.DeviationAgainstPreviousYear, $"förändringen av resultatet mot {year - 1}, {name}"),
                (subject, Narrative.FigureMeasure.ShareOfAllocation, Narrative.FigureColumn.Actual, a.ShareOfAllocation, $"resultatets andel av kommunbidraget, {name}")))
            {
                yield return f;
            }
        }
        foreach (var t in detail.Areas)
        {
            var deviation = Value(t.Result?.Actual) is { } actual && Value(t.Result?.Budget) is { } budget ? actual - budget : (decimal?)null;
            foreach (var f in Some(
                (t.AreaName, Narrative.FigureMeasure.Result, Narrative.FigureColumn.Actual, t.Result?.Actual, $"resultat {t.AreaName}, utfall {year} ({Detail})"),
                (t.AreaName, Narrative.FigureMeasure.Result, Narrative.FigureColumn.Forecast, t.Result?.Forecast, $"resultat {t.AreaName}, prognos {year} ({Detail})"),
                (t.AreaName, Narrative.FigureMeasure.Result, Narrative.FigureColumn.PreviousYear, t.Result?.PreviousYear, $"resultat {t.AreaName}, utfall {year - 1} ({Detail})"),
                (t.AreaName, Narrative.FigureMeasure.Allocation, Narrative.FigureColumn.Actual, t.Allocation?.Actual, $"kommunbidrag {t.AreaName}, utfall {year} ({Detail})")))
            {
                yield return f;
            }
            if (deviation is { } d)
            {
                yield return new(t.AreaName, Narrative.FigureMeasure.Result, Narrative.FigureColumn.Actual, d, $"resultat {t.AreaName} mot budget {year} ({Detail})", Alternative: true);
            }
        }
        foreach (var t in interventions.Areas)
        {
            foreach (var f in Some(
                (t.AreaName, Narrative.FigureMeasure.InterventionCost, Narrative.FigureColumn.Actual, t.Total?.Actual, $"insatskostnad {t.AreaName}, utfall {year}"),
                (t.AreaName, Narrative.FigureMeasure.InterventionCost, Narrative.FigureColumn.Budget, t.Total?.Budget, $"insatskostnad {t.AreaName}, budget {year}"),
                (t.AreaName, Narrative.FigureMeasure.InterventionCost, Narrative.FigureColumn.PreviousYear, t.Total?.PreviousYear, $"insatskostnad {t.AreaName}, utfall {year - 1}")))
            {
                yield return f;
            }
            if (Value(t.Total?.Actual) is { } actual && Value(t.Total?.Budget) is { } budget)
            {
                yield return new(t.AreaName, Narrative.FigureMeasure.InterventionDeviationAgainstBudget, Narrative.FigureColumn.Actual, actual - budget, $"insatskostnadens avvikelse mot budget {year}, {t.AreaName}");
            }
        }
        if (Value(investments.Outcome) is { } outcome)
        {
            yield return new(null, Narrative.FigureMeasure.Investment, Narrative.FigureColumn.Actual, outcome, $"investeringar, bokslut {year}");
        }
    }

    /// <summary>Bilaga 3's texts: the committee's analysis, each area's text, the texts under intervention costs, the investments'.</summary>
    public static IEnumerable<Narrative.NarrativeText> Texts(ResultSummary summary, ActivityResultTables detail, InterventionCostTables interventions, InvestmentTable investments)
    {
        if (summary.Narrative.Length > 0) yield return new("Bilaga 3", "Nämndens analys – sammanfattning", summary.Narrative);
        foreach (var t in detail.Areas)
        {
            if (t.Narrative.Length > 0) yield return new("Bilaga 3", t.AreaName, t.Narrative, t.AreaName);
            var i = interventions.Areas.FirstOrDefault(x => x.AreaName == t.AreaName);
            if (i is { Narrative.Length: > 0 }) yield return new("Bilaga 3", $"Insatskostnad, {t.AreaName}", i.Narrative, t.AreaName, Interventions: true);
        }
        if (investments.Narrative.Length > 0) yield return new("Bilaga 3", "Investeringar", investments.Narrative);
    }

    private static IEnumerable<Narrative.Figure> Some(params (string? Subject, Narrative.FigureMeasure Measure, Narrative.FigureColumn Column, Contracts.Common.V1.Decimal? Value, string Label)[] figures) =>
        figures.Where(f => Value(f.Value) is not null).Select(f => new Narrative.Figure(f.Subject, f.Measure, f.Column, Value(f.Value)!.Value, f.Label));

    private static decimal? Value(Contracts.Common.V1.Decimal? d) =>
        d is null || d.Value.Length == 0 ? null : decimal.Parse(d.Value, CultureInfo.InvariantCulture);
}
