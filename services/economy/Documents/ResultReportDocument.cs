using System.Globalization;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Documents;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Documents;

/// <summary>
/// The monthly result report (resultatrapport, template <c>result_report.liquid</c>, A4 portrait), made from the same
/// answers as GetResultSummary, GetUnitDeviations, GetSavings and GetInvestments: the committee's result and forecast
/// (the stated total beside the sum of its rounded rows, the difference shown as rounding; Allocation − NetCost where
/// the committee books figures), each unit's deviation as "−9,4 (nov −8,1)" with its comment and the items inside it,
/// savings decisions with their measures, budget adjustments as decisions, and the investments.
/// </summary>
public static class ResultReportDocument
{
    /// <param name="HasFigures">Whether the committee books figures for the period: only then is Allocation − NetCost a result (a report that only states deviations has an allocation and no net cost).</param>
    public sealed record Sources(ResultSummary Summary, bool HasFigures, UnitDeviationTable Deviations, SavingsReport Savings, InvestmentTable Investments);

    private static readonly string[] MonthNames =
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

    public static string Render(PeriodKey period, Sources s, string department)
    {
        var d = s.Deviations;
        var committee = Name(d.CommitteeName, s.Summary.CommitteeName, s.Summary.CommitteeCode);
        var municipality = Name(d.MunicipalityName, s.Summary.MunicipalityName, $"kommun {s.Summary.MunicipalityCode}");
        var previous = d.PreviousFollowUp is { } p ? new PeriodKey(p.Year, (int)p.Point) : (PeriodKey?)null;
        var forecastName = s.Summary.ForecastName.Length > 0 ? s.Summary.ForecastName : "prognos";
        var units = Units(d).ToList();
        var adjustments = s.Savings.BudgetAdjustments.OrderBy(a => a.DecidedOn, StringComparer.Ordinal)
            .ThenBy(a => a.Reference, StringComparer.Ordinal).ThenBy(a => a.Sequence).ToList();
        var model = new
        {
            Title = $"Resultatrapport {PeriodName(period)}",
            Committee = committee,
            Municipality = municipality,
            PeriodHeading = char.ToUpperInvariant(PeriodName(period)[0]) + PeriodName(period)[1..],
            PreviousName = previous is { } pp ? PeriodName(pp) : "",
            PreviousShort = previous is { } ps ? ShortName(ps) : "",
            ForecastName = forecastName,
            // A report states its deviations rounded to a tenth of a mnkr; shown with the decimals they were stated with.
            StatedDecimals = Decimals(StatedAmounts(d)),
            Totals = new[]
            {
                Total("Resultat mot budget", d.DeviationTotal, d.PreviousFollowUpDeviationTotal),
                Total($"Prognos mot budget ({forecastName})", d.ForecastDeviationTotal, null),
            }.Where(t => t is not null).ToList(),
            Figures = s.HasFigures && s.Summary.Total is { } total
                ? new
                {
                    Allocation = total.Allocation?.Value ?? "",
                    NetCost = total.NetCost?.Value ?? "",
                    Result = total.Result?.Value ?? "",
                    Forecast = total.ForecastResult?.Value ?? "",
                    PreviousFollowUp = total.Result is { } r && total.DeviationAgainstPreviousFollowUp is { } change
                        ? (Amount(r.Value) - Amount(change.Value)).ToString(CultureInfo.InvariantCulture) : "",
                    Areas = s.Summary.Areas.Select(a => new
                    {
                        Name = a.AreaName,
                        Allocation = a.Allocation?.Value ?? "",
                        Result = a.Result?.Value ?? "",
                        Forecast = a.ForecastResult?.Value ?? "",
                    }).ToList(),
                }
                : null,
            s.Summary.Narrative,
            Units = units,
            UnitDecimals = Decimals(units.SelectMany(u => new[] { u.Deviation, u.Previous, u.Forecast })
                .Concat(d.Units.SelectMany(u => u.Items).Concat(d.CommitteeItems).Select(i => i.Amount?.Value ?? ""))),
            CommitteeItems = d.CommitteeItems.Select(Item).ToList(),
            Decisions = s.Savings.Decisions.Select(x => new
            {
                x.Reference,
                x.DecidedOn,
                x.DecidedBy,
                x.Description,
                x.Requirement,
                RequirementAmount = x.RequirementAmount?.Value ?? "",
                FullYearEffect = x.FullYearEffect?.Value ?? "",
                EffectThisYear = x.EffectThisYear?.Value ?? "",
                AchievedEffect = x.AchievedEffect?.Value ?? "",
                Decimals = Decimals(new[] { x.RequirementAmount, x.FullYearEffect, x.EffectThisYear, x.AchievedEffect }
                    .Concat(x.Measures.SelectMany(m => new[] { m.FullYearEffect, m.EffectThisYear })).Select(v => v?.Value ?? "")),
                Measures = x.Measures.Select(m => new
                {
                    m.Name,
                    DecidedByCommittee = m.DecidedByCommittee ? "ja" : "nej",
                    FullYearEffect = m.FullYearEffect?.Value ?? "",
                    EffectThisYear = m.EffectThisYear?.Value ?? "",
                }).ToList(),
                MeasuresFullYearEffect = x.MeasuresFullYearEffect?.Value ?? "",
                x.MeasuresNotStated,
            }).ToList(),
            Adjustments = adjustments.Select(a => new
            {
                a.Reference,
                DecidedOn = a.DecidedOn.Length > 0 ? a.DecidedOn : "–",
                a.DecidedBy,
                Area = a.AreaName,
                Amount = a.Amount?.Value ?? "",
                a.Reason,
            }).ToList(),
            AdjustmentsTotal = adjustments.Sum(a => Amount(a.Amount?.Value ?? "")).ToString(CultureInfo.InvariantCulture),
            AdjustmentDecimals = Decimals(adjustments.Select(a => a.Amount?.Value ?? "")),
            Investments = new
            {
                MunicipalBudget = s.Investments.MunicipalBudget?.Value ?? "",
                Outcome = s.Investments.Outcome?.Value ?? "",
                Forecast = s.Investments.Forecast?.Value ?? "",
                PreviousYearOutcome = s.Investments.PreviousYearOutcome?.Value ?? "",
                s.Investments.Comment,
                s.Investments.Narrative,
                Any = s.Investments.MunicipalBudget is not null || s.Investments.Outcome is not null || s.Investments.Forecast is not null,
            },
            Year = period.Year,
            PreviousYear = period.Year - 1,
        };
        var header = ReportHeader.For($"Resultatrapport {PeriodName(period)} – {committee}", department, s.Summary.Report);
        return DocumentTemplates.Render(typeof(ResultReportDocument).Assembly, "result_report.liquid", model, header);
    }

    /// <summary>A unit of the report: its deviation (stated, else Actual − Budget), the previous follow-up's, its comment and items; a division is a heading over its units.</summary>
    public sealed record UnitLine(string Name, int Level, bool Heading, string Deviation, string Previous, string Forecast, string Comment, IReadOnlyList<object> Items);

    /// <summary>The units in their tree's order, each one that states or shows something, under the divisions that hold them.</summary>
    private static IEnumerable<UnitLine> Units(UnitDeviationTable d)
    {
        var codes = d.Units.Select(u => u.UnitCode).ToHashSet(StringComparer.Ordinal);
        var children = d.Units.ToLookup(u => codes.Contains(u.ParentCode) ? u.ParentCode : "");
        IEnumerable<UnitLine> Walk(UnitDeviation unit, int level)
        {
            var below = children[unit.UnitCode].SelectMany(c => Walk(c, level + 1)).ToList();
            var deviation = (unit.StatedDeviation ?? unit.Deviation)?.Value ?? "";
            var previous = (unit.PreviousFollowUpStatedDeviation ?? unit.PreviousFollowUpDeviation)?.Value ?? "";
            var forecast = unit.StatedForecastDeviation?.Value ?? "";
            var shows = deviation.Length > 0 || previous.Length > 0 || forecast.Length > 0 || unit.Comment.Length > 0 || unit.Items.Count > 0;
            if (shows || below.Count > 0)
            {
                yield return new UnitLine(unit.UnitName.Length > 0 ? unit.UnitName : unit.UnitCode, level, !shows, deviation, previous, forecast,
                    unit.Comment, unit.Items.Select(Item).ToList());
            }
            foreach (var line in below)
            {
                yield return line;
            }
        }
        return children[""].SelectMany(root => Walk(root, 0));
    }

    private static object Item(DeviationItem i) => new
    {
        Kind = i.Kind == DeviationItemKind.Staffing ? "Bemanning" : "Engångspost",
        i.Description,
        Amount = i.Amount?.Value ?? "",
        FullTimeEquivalents = i.FullTimeEquivalents?.Value ?? "",
    };

    private static object? Total(string label, StatedTotal? t, StatedTotal? before) =>
        t is null || (t.Stated is null && t.Derived is null) ? null : new
        {
            Label = label,
            Stated = t.Stated?.Value ?? "",
            Derived = t.Derived?.Value ?? "",
            Rounding = t.RoundingDifference?.Value ?? "",
            RoundingIsZero = t.RoundingDifference is null || Amount(t.RoundingDifference.Value) == 0m,
            Previous = (before?.Stated ?? before?.Derived)?.Value ?? "",
        };

    private static IEnumerable<string> StatedAmounts(UnitDeviationTable d) =>
        new[] { d.DeviationTotal?.Stated, d.DeviationTotal?.Derived, d.ForecastDeviationTotal?.Stated, d.ForecastDeviationTotal?.Derived, d.PreviousFollowUpDeviationTotal?.Stated }
            .Select(v => v?.Value ?? "");

    /// <summary>
    /// The decimals of mnkr that show every amount exactly, from one (a report's tenth of a mnkr) to three (whole tkr):
    /// an adjustment of 350 000 kr prints as 0,35, not as a rounded 0,4.
    /// </summary>
    internal static int Decimals(IEnumerable<string> amounts)
    {
        var values = amounts.Where(a => a.Length > 0).Select(Amount).ToList();
        for (var decimals = 1; decimals < 3; decimals++)
        {
            var scale = 1_000_000m / (decimal)Math.Pow(10, decimals);
            if (values.All(v => v % scale == 0m))
            {
                return decimals;
            }
        }
        return 3;
    }

    private static decimal Amount(string value) => value.Length == 0 ? 0m : decimal.Parse(value, CultureInfo.InvariantCulture);

    private static string Name(params string[] candidates) => candidates.FirstOrDefault(c => c.Length > 0) ?? "";

    /// <summary>"november 2024", "delår 2024", "helår 2024".</summary>
    internal static string PeriodName(PeriodKey period) => period.Point switch
    {
        PeriodKey.Interim => $"delår {period.Year}",
        PeriodKey.FullYear => $"helår {period.Year}",
        _ => $"{MonthNames[period.Point - 1]} {period.Year}",
    };

    /// <summary>The previous follow-up as a unit row names it: "nov", "delår".</summary>
    internal static string ShortName(PeriodKey period) => period.Point switch
    {
        PeriodKey.Interim => "delår",
        PeriodKey.FullYear => "helår",
        _ => MonthNames[period.Point - 1][..3],
    };
}
