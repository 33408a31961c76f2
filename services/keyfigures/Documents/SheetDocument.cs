using System.Globalization;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Documents;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.KeyFigures.Documents;

/// <summary>
/// The committee's "Nyckeltal" sheet, Bilaga 4, laid out like the seed (template <c>sheet.liquid</c>): one block per
/// key figure under its activity's name, entered inputs shaded ("Skuggade celler = registrera uppgift"), then the
/// volume statistics: a count or share in the value column with last year's value and the change beside it, a
/// statistic that is itself a change ("förändring mot föregående år") in the change column only.
/// </summary>
public static class SheetDocument
{
    /// <summary>The input a volume statistic uses for a change the committee states when last year's figure is not in the system.</summary>
    public const string StatedChange = "stated_change_percent";

    /// <summary>The input of a volume statistic that is a change in per cent against last year (its value is the change).</summary>
    public const string ChangePercent = "change_percent";

    /// <param name="reportExists">False while no report has been started for the period: the sheet then says so rather than "Utkast".</param>
    /// <param name="committeeName">The committee and municipality as registered ("Socialnämnden, Uppsala kommun"), for the header.</param>
    public static string Render(KeyFigureSheet sheet, PeriodKey period, bool reportExists, string committeeName)
    {
        var periodName = PeriodName(period);
        var model = new
        {
            PeriodName = periodName,
            Committee = committeeName,
            Status = Status(sheet.Report, reportExists),
            Activities = sheet.Values.Where(v => v.Category == Category.KeyFigure)
                .GroupBy(v => v.ActivityCode)
                .Select(activity => new
                {
                    Code = activity.Key,
                    Name = activity.First().ActivityName.Length > 0 ? activity.First().ActivityName : "Verksamhet",
                    Figures = activity.Select((value, i) => new
                    {
                        Number = i + 1,
                        value.Name,
                        Result = value.Computable ? value.ValueShown : "ej beräkningsbar",
                        ResultLabel = Capitalize(value.Name) + " (" + value.Unit + ")",
                        Inputs = value.Inputs.Select(input => new
                        {
                            input.Label,
                            Shown = input.ValueShown.Length > 0 ? input.ValueShown : "–",
                            Entered = input.Kind == InputKind.Entered,
                        }).ToList(),
                        Notes = Notes(value),
                    }).ToList(),
                }).ToList(),
            Volumes = sheet.Values.Where(v => v.Category == Category.VolumeStatistic).Select(value => new
            {
                value.Name,
                Unit = IsChange(value) ? "" : value.Unit,
                Value = IsChange(value) ? "" : value.Computable ? value.ValueShown : "ej beräkningsbar",
                Prior = IsChange(value) || value.PriorYearValue is null ? "" : SwedishNumber.Of(Dec(value.PriorYearValue.Value)),
                Change = Change(value),
            }).ToList(),
            VolumeNotes = sheet.Values.Where(v => v.Category == Category.VolumeStatistic).SelectMany(Notes).ToList(),
        };
        var header = new DocumentHeader($"Bilaga 4 – Nyckeltal {periodName}", committeeName, periodName, CaseNumber(sheet.Report, reportExists));
        return DocumentTemplates.Render(typeof(SheetDocument).Assembly, "sheet.liquid", model, header);
    }

    private static bool IsChange(ComputedValue value) => value.Inputs.Count == 1 && value.Inputs[0].Name == ChangePercent;

    private static List<string> Notes(ComputedValue value)
    {
        var notes = value.Inputs.Where(i => i.Footnote.Length > 0).Select(i => $"{i.Label}: {i.Footnote}").ToList();
        notes.AddRange(value.RoundingNotes.Select(n => $"Avrundning: {n.Text}"));
        if (!value.Computable)
        {
            notes.Add($"{value.Name} kan inte beräknas: {value.NotComputableReason}");
        }
        if (value.ChangedAfterAdoption)
        {
            notes.Add($"Ändrat efter fastställande: fastställt värde {value.AdoptedValueShown}, nu {value.ValueShown}.");
        }
        return notes;
    }

    /// <summary>
    /// The change against last year: a statistic that is a change shows its own value; a share its change in
    /// percentage points; a count its change in per cent, computed against last year's value when there is one,
    /// otherwise the change the committee stated.
    /// </summary>
    private static string Change(ComputedValue value)
    {
        if (IsChange(value))
        {
            return value.Computable && value.Value is { } own ? $"{SwedishNumber.Signed(Dec(own.Value), 1).Replace(",0", "")} %" : "ej beräkningsbar";
        }
        if (value.Change is { } c && value.Unit is "%")
        {
            return $"{SwedishNumber.Signed(Dec(c.Value), 1).Replace(",0", "")} procentenheter";
        }
        if (value.ChangePercent is { } p)
        {
            return $"{SwedishNumber.Signed(Dec(p.Value), 1).Replace(",0", "")} %";
        }
        return value.Inputs.FirstOrDefault(i => i.Name == StatedChange && i.Value is not null) is { } stated
            ? $"{SwedishNumber.Signed(Dec(stated.Value.Value), 1).Replace(",0", "")} % (uppgift)"
            : "";
    }

    private static decimal Dec(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("sv-SE")) + text[1..];

    public static string PeriodName(PeriodKey period) => period.Point switch
    {
        PeriodKey.FullYear => $"Bokslut {period.Year}",
        PeriodKey.Interim => $"Delårsbokslut {period.Year}",
        _ => $"Månadsuppföljning {period.Year}-{period.Point:00}",
    };

    private static string CaseNumber(ReportState report, bool reportExists) =>
        reportExists && report.CaseNumber.Length > 0 ? report.CaseNumber : "ej fastställd";

    private static string Status(ReportState report, bool reportExists) => !reportExists
        ? "Ingen rapport upprättad för perioden"
        : report.Status switch
        {
            ReportStatus.Submitted => $"Inlämnad (version {report.Version})",
            ReportStatus.Adopted => $"Fastställd {report.DecisionDate.Shown()}, {report.CaseNumber} (version {report.Version})",
            _ => $"Utkast (version {report.Version})",
        };
}
