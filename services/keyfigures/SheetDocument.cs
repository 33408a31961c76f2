using System.Globalization;
using System.Text;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Domain;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// The committee's "Nyckeltal" sheet as a printable HTML page in Swedish, laid out like Bilaga 4: one block per
/// key figure under its activity, entered inputs shaded ("Skuggade celler = registrera uppgift"), then the
/// volume statistics with their year-over-year change.
/// </summary>
public static class SheetDocument
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string Render(KeyFigureSheet sheet, PeriodKey period)
    {
        var html = new StringBuilder();
        var title = $"Nyckeltal {PeriodName(period)} – {sheet.CommitteeCode}";
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <title>{{HtmlEncode(title)}}</title>
            <style>
              body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; margin: 2cm; }
              h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.5em; } h3 { font-size: 11pt; }
              table { border-collapse: collapse; margin: 0.5em 0; }
              td, th { border: 1px solid #999; padding: 2px 8px; }
              td.amount { text-align: right; min-width: 7em; }
              td.input { background: #d9d9d9; }
              tr.result td { font-weight: bold; }
              .legend { display: inline-block; background: #d9d9d9; padding: 2px 6px; }
              .note, .footnote { font-size: 9pt; } .flag { color: #a00000; font-weight: bold; }
              @media print { body { margin: 1cm; } section { page-break-inside: avoid; } }
            </style>
            </head>
            <body>
            <h1>Nyckeltal <span class="legend">Skuggade celler = registrera uppgift</span></h1>
            <p>{{HtmlEncode(PeriodName(period))}}<br>Nämnd: {{HtmlEncode(sheet.CommitteeCode)}} (kommun {{HtmlEncode(sheet.MunicipalityCode)}})<br>Belopp i tkr</p>
            <p>Status: {{HtmlEncode(Status(sheet.Report))}}</p>

            """);

        var keyFigures = sheet.Values.Where(v => v.Category == Category.KeyFigure).ToList();
        foreach (var activity in keyFigures.GroupBy(v => v.ActivityCode))
        {
            html.Append($"<h2>{HtmlEncode(ActivityHeading(activity.First()))} ({HtmlEncode(activity.Key)})</h2>\n");
            var number = 0;
            foreach (var value in activity)
            {
                number++;
                html.Append("<section>\n");
                html.Append($"<h3>{number}) {HtmlEncode(value.Name)}</h3>\n<table>\n<tr><th></th><th>{HtmlEncode(PeriodName(period))}</th></tr>\n");
                foreach (var input in value.Inputs)
                {
                    var shaded = input.Kind == InputKind.Entered ? " input" : "";
                    var cell = input.ValueShown.Length > 0 ? input.ValueShown : "–";
                    html.Append($"<tr><td>{HtmlEncode(input.Label)}</td><td class=\"amount{shaded}\">{HtmlEncode(cell)}</td></tr>\n");
                }
                var result = value.Computable ? value.ValueShown : "ej beräkningsbar";
                html.Append($"<tr class=\"result\"><td>{HtmlEncode(Capitalize(value.Name))} ({HtmlEncode(value.Unit)})</td><td class=\"amount\">{HtmlEncode(result)}</td></tr>\n</table>\n");
                AppendNotes(html, value);
                html.Append("</section>\n");
            }
        }

        var volumes = sheet.Values.Where(v => v.Category == Category.VolumeStatistic).ToList();
        if (volumes.Count > 0)
        {
            html.Append("<h2>Volymer</h2>\n<table>\n<tr><th>Mått</th><th>Enhet</th><th>")
                .Append(HtmlEncode(PeriodName(period))).Append("</th><th>Föregående år</th><th>Förändring</th></tr>\n");
            foreach (var value in volumes)
            {
                var change = Change(value);
                var prior = value.PriorYearValue is { } py ? decimal.Parse(py.Value, CultureInfo.InvariantCulture).ToString("N0", Swedish) : "";
                html.Append($"<tr><td>{HtmlEncode(value.Name)}</td><td>{HtmlEncode(value.Unit)}</td><td class=\"amount\">{HtmlEncode(value.Computable ? value.ValueShown : "ej beräkningsbar")}</td>"
                    + $"<td class=\"amount\">{HtmlEncode(prior)}</td><td class=\"amount\">{HtmlEncode(change)}</td></tr>\n");
            }
            html.Append("</table>\n");
            foreach (var value in volumes)
            {
                AppendNotes(html, value);
            }
        }
        html.Append("<p>Ev kommentarer</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendNotes(StringBuilder html, ComputedValue value)
    {
        foreach (var input in value.Inputs.Where(i => i.Footnote.Length > 0))
        {
            html.Append($"<p class=\"footnote\">{HtmlEncode(input.Label)}: {HtmlEncode(input.Footnote)}</p>\n");
        }
        foreach (var note in value.RoundingNotes)
        {
            html.Append($"<p class=\"note\">Avrundning: {HtmlEncode(note.Text)}</p>\n");
        }
        if (!value.Computable)
        {
            html.Append($"<p class=\"note\">{HtmlEncode(value.Name)} kan inte beräknas: {HtmlEncode(value.NotComputableReason)}</p>\n");
        }
        if (value.ChangedAfterAdoption)
        {
            html.Append($"<p class=\"flag\">Ändrat efter fastställande: fastställt värde {HtmlEncode(value.AdoptedValueShown)}, nu {HtmlEncode(value.ValueShown)}.</p>\n");
        }
    }

    /// <summary>Computed against last year's value when there is one; otherwise the change the committee stated.</summary>
    private static string Change(ComputedValue value)
    {
        if (value.Change is { } c && value.Unit is "%" or "procent")
        {
            return $"{decimal.Parse(c.Value, CultureInfo.InvariantCulture).ToString("+0.#;−0.#;0", Swedish)} procentenheter";
        }
        if (value.ChangePercent is { } p)
        {
            return $"{decimal.Parse(p.Value, CultureInfo.InvariantCulture).ToString("+0.#;−0.#;0", Swedish)} %";
        }
        return value.Inputs.FirstOrDefault(i => i.Name == StatedChange && i.Value is not null) is { } stated
            ? $"{decimal.Parse(stated.Value.Value, CultureInfo.InvariantCulture).ToString("+0.#;−0.#;0", Swedish)} % (uppgift)"
            : "";
    }

    /// <summary>The input a volume statistic uses for a change the committee states when last year's figure is not in the system.</summary>
    public const string StatedChange = "stated_change_percent";

    private static string ActivityHeading(ComputedValue value) => value.ActivityName.Length > 0 ? value.ActivityName : "Verksamhet";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], Swedish) + text[1..];

    // WebUtility.HtmlEncode writes å, ä and ö as numeric entities; a UTF-8 page needs only the markup escaped.
    private static string HtmlEncode(string? text) => (text ?? "")
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    public static string PeriodName(PeriodKey period) => period.Point switch
    {
        PeriodKey.FullYear => $"Bokslut {period.Year}",
        PeriodKey.Interim => $"Delårsbokslut {period.Year}",
        _ => $"Månadsuppföljning {period.Year}-{period.Point:00}",
    };

    private static string Status(ReportState report) => report.Status switch
    {
        ReportStatus.Submitted => $"Inlämnad (version {report.Version})",
        ReportStatus.Adopted => $"Fastställd {report.DecisionDate.Shown()}, {report.CaseNumber} (version {report.Version})",
        _ => $"Utkast (version {report.Version})",
    };
}
