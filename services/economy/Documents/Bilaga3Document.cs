using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Documents;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Documents;

/// <summary>
/// "Bilaga 3 – Analys av ekonomiskt utfall" in the seed's order (template <c>bilaga3.liquid</c>, A4 portrait): the summary
/// table per allocation area with the committee's analysis, then per area of the layout its result per activity, its text,
/// its intervention costs with their text, and last the investments. Every figure is an exact amount from the tables,
/// rounded only here to mnkr (one decimal for small areas, as the seed's Familjerätt table).
/// </summary>
public static class Bilaga3Document
{
    public sealed record Tables(ResultSummary Summary, ActivityResultTables PerActivity, InterventionCostTables InterventionCosts, InvestmentTable Investments);

    public static string Render(PeriodKey period, Tables t, string department)
    {
        var interventions = t.InterventionCosts.Areas.ToDictionary(a => a.AreaName);
        var forecast = t.Summary.ForecastName.Length > 0 ? t.Summary.ForecastName : "prognos";
        var model = new
        {
            Year = period.Year,
            PreviousYear = period.Year - 1,
            ForecastHeading = char.ToUpperInvariant(forecast[0]) + forecast[1..],
            Summary = t.Summary.Areas.Select(a => SummaryRow(a, total: false)).Append(SummaryRow(t.Summary.Total ?? new AreaResult { AreaName = "Nämnden totalt" }, total: true)).ToList(),
            SummaryNarrative = t.Summary.Narrative,
            Areas = t.PerActivity.Areas.Select(a => new
            {
                Name = a.AreaName,
                Decimals = EconomyGrpcService.Decimals(Amount(a.Allocation?.Actual) ?? Amount(a.NetCost?.Actual)),
                Rows = a.Rows.Select(r => Row(r.ActivityName.Length > 0 ? $"{r.ActivityCode} {r.ActivityName}" : r.ActivityCode, r.Values, "")).ToList(),
                NetCost = Row("Nettokostnad", a.NetCost, "subtotal"),
                Allocation = Row("Kommunbidrag", a.Allocation, ""),
                Result = Row($"Resultat {a.AreaName}", a.Result, "total"),
                a.Narrative,
                Interventions = interventions.TryGetValue(a.AreaName, out var i) && i.Rows.Count > 0
                    ? new
                    {
                        Rows = i.Rows.Select(r => Row(r.ActivityName.Length > 0 ? $"{r.ActivityCode} – {r.ActivityName}" : r.ActivityCode, r.Values, "")).ToList(),
                        Total = Row("Alla verksamheter", i.Total, "total"),
                        i.Narrative,
                    }
                    : null,
            }).ToList(),
            Investments = new
            {
                MunicipalBudget = t.Investments.MunicipalBudget?.Value ?? "",
                Outcome = t.Investments.Outcome?.Value ?? "",
                PreviousYearOutcome = t.Investments.PreviousYearOutcome?.Value ?? "",
                Forecast = t.Investments.Forecast?.Value ?? "",
                Narrative = t.Investments.Narrative.Length > 0 ? t.Investments.Narrative : t.Investments.Comment,
            },
        };
        var header = ReportHeader.For($"Bilaga 3 – Analys av ekonomiskt utfall {period.Year}", department, t.Summary.Report, caseData: t.Summary);
        return DocumentTemplates.Render(typeof(Bilaga3Document).Assembly, "bilaga3.liquid", model, header);
    }

    private static object SummaryRow(AreaResult a, bool total) => new
    {
        Name = a.AreaName,
        Total = total,
        Allocation = a.Allocation?.Value ?? "",
        Result = a.Result?.Value ?? "",
        PreviousYear = a.PreviousYearResult?.Value ?? "",
        Forecast = a.ForecastResult?.Value ?? "",
    };

    private static object Row(string label, Columns? c, string kind) => new
    {
        Label = label,
        Kind = kind,
        Actual = c?.Actual?.Value ?? "",
        Budget = c?.Budget?.Value ?? "",
        Forecast = c?.Forecast?.Value ?? "",
        PreviousYear = c?.PreviousYear?.Value ?? "",
    };

    private static decimal? Amount(Contracts.Common.V1.Decimal? d) =>
        d is null ? null : decimal.Parse(d.Value, System.Globalization.CultureInfo.InvariantCulture);
}
