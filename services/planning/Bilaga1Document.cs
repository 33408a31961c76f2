using System.Globalization;
using System.Text;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Planning.Domain;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Planning;

/// <summary>
/// "Bilaga 1 – Uppföljning av verksamhetsplan" as a printable HTML page in Swedish, in the seed's layout:
/// per focus goal its title, assessment and text, then the table Uppdrag | Status | Åtgärder | Kommentar
/// (assignments by number, then the committee goals of that focus goal); then additional assignments and
/// special reporting. Every text from the data is HTML-encoded.
/// </summary>
public static class Bilaga1Document
{
    // Decimal comma as in Swedish, but the report's hyphen-minus ("-23,5") rather than ICU's U+2212.
    private static readonly NumberFormatInfo Swedish = new() { NumberDecimalSeparator = ",", NegativeSign = "-" };

    public static string Render(FollowUp f)
    {
        var year = f.Period.Year;
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <title>Bilaga 1 – Uppföljning av verksamhetsplan {{year}} – {{E(f.CommitteeName)}}</title>
            <style>
            body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; margin: 2cm; }
            h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 2em; page-break-before: always; } h3 { font-size: 12pt; }
            table { border-collapse: collapse; width: 100%; margin: 1em 0; }
            th, td { border: 1px solid #999; padding: 4pt; vertical-align: top; text-align: left; }
            th { background: #e8eef4; }
            tr { page-break-inside: avoid; }
            .meta td { border: none; padding: 0 1em 0 0; }
            .assessment { font-style: italic; }
            .missing { color: #a00; }
            ul.actions { margin: 0; padding-left: 1em; list-style: "› "; }
            p { margin: 0 0 0.6em 0; white-space: pre-line; }
            </style>
            </head>
            <body>
            <h1>Bilaga 1 – Uppföljning av verksamhetsplan {{year}}</h1>
            <table class="meta">
            <tr><td>{{E(f.DepartmentName)}}</td><td>Datum: {{E(f.DocumentDate)}}</td><td>Diarienummer: {{E(f.State?.CaseNumber ?? "")}}</td></tr>
            <tr><td>Handläggare: {{E(f.PreparedBy)}}</td><td>{{E(f.CommitteeName)}}</td><td>{{E(Period(f.Period))}}, version {{f.State?.Version ?? 1}} ({{E(StateWord(f.State))}})</td></tr>
            </table>

            """);

        foreach (var goal in f.FocusGoals)
        {
            html.Append($"<section class=\"focus-goal\" id=\"fokusmal-{goal.Number}\">\n<h2>Fokusmål {goal.Number}</h2>\n<h3>{E(goal.Title)}</h3>\n");
            if (goal.Assessment != Contracts.Planning.V1.Assessment.Unspecified)
            {
                html.Append($"<p class=\"assessment\">{E(((Domain.Assessment)goal.Assessment).ToSwedish())}</p>\n");
            }
            if (goal.EconomicResult is { } economic)
            {
                html.Append(economic.Available
                    ? $"<p class=\"economic-result\">Nämndens resultat {year}: {E(Mnkr(economic.Result.Value))} miljoner kronor.</p>\n"
                    : $"<p class=\"economic-result missing\">Nämndens resultat saknas: {E(economic.UnavailableReason)}.</p>\n");
            }
            Paragraphs(html, goal.AssessmentText);

            var assignments = f.Assignments.Where(a => a.FocusGoalNumber == goal.Number).OrderBy(a => a.Number).ToList();
            var committeeGoals = f.CommitteeGoals.Where(g => g.FocusGoalNumber == goal.Number).ToList();
            if (assignments.Count + committeeGoals.Count > 0)
            {
                html.Append("<table class=\"assignments\">\n<thead><tr><th>Uppdrag</th><th>Status</th><th>Åtgärder</th><th>Kommentar</th></tr></thead>\n<tbody>\n");
                foreach (var a in assignments)
                {
                    html.Append($"<tr class=\"assignment\" data-number=\"{a.Number}\"><td>{a.Number}. {E(a.Text)}</td><td>{E(StatusWord(a.Status))}</td><td>");
                    Actions(html, a.Actions);
                    html.Append("</td><td>");
                    Paragraphs(html, a.Comment);
                    if (a.StructuredReport is { } s)
                    {
                        html.Append("<dl class=\"structured-report\">");
                        html.Append($"<dt>Leverans/insatser</dt><dd><p>{E(s.Delivery)}</p></dd>");
                        html.Append($"<dt>Effekt</dt><dd><p>{E(s.Effect)}</p></dd>");
                        html.Append($"<dt>Sätt att mäta</dt><dd><p>{E(s.HowMeasured)}</p></dd>");
                        html.Append("</dl>");
                    }
                    html.Append("</td></tr>\n");
                }
                foreach (var g in committeeGoals)
                {
                    html.Append($"<tr class=\"committee-goal\"><td>Nämndmål: {E(g.Text)}</td><td>{E(StatusWord(g.Status))}</td><td>");
                    Actions(html, g.Actions);
                    html.Append("</td><td>");
                    Paragraphs(html, g.Comment);
                    html.Append("</td></tr>\n");
                }
                html.Append("</tbody>\n</table>\n");
            }
            html.Append("</section>\n");
        }

        html.Append($"<section id=\"tillkommande\">\n<h2>Tillkommande uppdrag samt särskild rapportering</h2>\n<p>{E(f.AsOfLabel)}</p>\n<h3>Tillkommande uppdrag</h3>\n");
        if (f.AdditionalAssignments.Count > 0)
        {
            html.Append("<table class=\"additional-assignments\">\n<thead><tr><th>Uppdrag</th><th>Kommentar</th></tr></thead>\n<tbody>\n");
            foreach (var a in f.AdditionalAssignments)
            {
                var body = a.DecidedBy == Contracts.Planning.V1.DecidingBody.Kf ? "KF" : "KS";
                var reference = string.IsNullOrWhiteSpace(a.DecisionReference) ? "" : $" ({E(a.DecisionReference)})";
                html.Append($"<tr class=\"additional-assignment\"><td>Tillkommande uppdrag:<br>{body}-BESLUT{reference}:<br>{E(a.DecisionText)}</td><td>");
                Paragraphs(html, a.Report);
                html.Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        else
        {
            html.Append("<p>Inga tillkommande uppdrag.</p>\n");
        }
        html.Append("</section>\n<section id=\"sarskild-rapportering\">\n<h2>Särskild rapportering</h2>\n");
        if (f.SpecialReporting.Count > 0)
        {
            html.Append("<table class=\"special-reporting\">\n<thead><tr><th>Fråga</th><th>Svar</th></tr></thead>\n<tbody>\n");
            foreach (var q in f.SpecialReporting)
            {
                html.Append($"<tr class=\"special-reporting-question\"><td>Särskild rapportering:<br>{E(q.Question)}</td><td>");
                if (string.IsNullOrWhiteSpace(q.Answer))
                {
                    html.Append("<p class=\"missing\">Ej besvarad.</p>");
                }
                else
                {
                    Paragraphs(html, q.Answer);
                }
                html.Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        else
        {
            html.Append("<p>Ingen särskild rapportering.</p>\n");
        }
        html.Append("</section>\n</body>\n</html>\n");
        return html.ToString();
    }

    // WebUtility.HtmlEncode would also turn å, ä, ö into numeric entities; only markup characters need encoding.
    private static string E(string? text)
    {
        var encoded = new StringBuilder((text ?? "").Length);
        foreach (var c in text ?? "")
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return encoded.ToString();
    }

    private static void Paragraphs(StringBuilder html, string? text)
    {
        foreach (var paragraph in (text ?? "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(E(paragraph)).Append("</p>\n");
        }
    }

    private static void Actions(StringBuilder html, IEnumerable<string> actions)
    {
        var list = actions.ToList();
        if (list.Count == 0)
        {
            return;
        }
        html.Append("<ul class=\"actions\">");
        foreach (var action in list)
        {
            html.Append("<li>").Append(E(action)).Append("</li>");
        }
        html.Append("</ul>");
    }

    private static string StatusWord(Contracts.Planning.V1.AssignmentStatus status) =>
        status == Contracts.Planning.V1.AssignmentStatus.Unspecified ? "Ej rapporterad" : ((Domain.AssignmentStatus)status).ToSwedish();

    private static string StateWord(Contracts.Common.V1.ReportState? state) => state?.Status switch
    {
        Contracts.Common.V1.ReportStatus.Submitted => "inlämnad",
        Contracts.Common.V1.ReportStatus.Adopted => $"fastställd {state.DecisionDate.Shown()}",
        _ => "utkast",
    };

    private static string Period(Contracts.Common.V1.Period p) => p.Point switch
    {
        Contracts.Common.V1.PeriodPoint.FullYear => $"Årsbokslut {p.Year}",
        Contracts.Common.V1.PeriodPoint.Interim => $"Delårsbokslut {p.Year}",
        _ => $"Uppföljning {p.Year}-{(int)p.Point:00}",
    };

    /// <summary>Kronor to miljoner kronor with one decimal, as the seed writes "-23,5".</summary>
    private static string Mnkr(string kronor) =>
        (decimal.Parse(kronor, CultureInfo.InvariantCulture) / 1_000_000m).ToString("0.0", Swedish);
}
