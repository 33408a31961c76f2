using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NamndFollowUp.TestSupport;

/// <summary>
/// A printed PDF as a person would check it, read with poppler's tools (Debian's poppler-utils, installed by
/// scripts/render-tools.sh): page size and count (pdfinfo), where every word stands (pdftotext -bbox), the text
/// (pdftotext -layout), and page 1 as a PNG (pdftoppm) kept under the test output for a look.
/// </summary>
public sealed partial class PdfDocument
{
    public required int Pages { get; init; }
    /// <summary>Points (1/72 inch) of page 1; A4 is 595 × 842 (or 842 × 595 landscape).</summary>
    public required double Width { get; init; }
    public required double Height { get; init; }
    public required IReadOnlyList<Word> Words { get; init; }
    public required string Text { get; init; }
    public required string Path { get; init; }

    public sealed record Word(int Page, double XMin, double YMin, double XMax, double YMax, string Text);

    public bool IsA4 => Near(Math.Min(Width, Height), 595) && Near(Math.Max(Width, Height), 842);

    private static bool Near(double a, double b) => Math.Abs(a - b) < 1.5;

    /// <summary>Words whose box reaches outside the page less <paramref name="sideMargin"/> points on the left and right (1 pt for glyph overhang at a right-aligned edge).</summary>
    public IReadOnlyList<Word> WordsOutside(double sideMargin) =>
        Words.Where(w => w.XMin < sideMargin - 1 || w.XMax > Width - sideMargin + 1 || w.YMin < 0 || w.YMax > Height).ToList();

    /// <summary>Words per page: a near-empty page (a heading or one row left alone) shows as a low count.</summary>
    public IReadOnlyList<int> WordsPerPage() =>
        Enumerable.Range(1, Pages).Select(p => Words.Count(w => w.Page == p)).ToList();

    /// <summary>Writes <paramref name="pdf"/> to <paramref name="folder"/>/<paramref name="name"/>.pdf, page 1 as name-1.png beside it, and reads it.</summary>
    public static PdfDocument Read(byte[] pdf, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(path, pdf);
        var info = Run("pdfinfo", path);
        var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        var size = SizeLine().Match(info);
        Run("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", path, System.IO.Path.Combine(folder, name + "-1"));
        var bbox = Run("pdftotext", "-bbox", path, "-");
        var words = new List<Word>();
        var page = 0;
        foreach (var line in bbox.Split('\n'))
        {
            if (line.Contains("<page ", StringComparison.Ordinal))
            {
                page++;
                continue;
            }
            var m = WordLine().Match(line);
            if (m.Success)
            {
                double D(string g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
                words.Add(new Word(page, D("x1"), D("y1"), D("x2"), D("y2"), System.Net.WebUtility.HtmlDecode(m.Groups["t"].Value)));
            }
        }
        return new PdfDocument
        {
            Pages = pages,
            Width = double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture),
            Height = double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture),
            Words = words,
            Text = Run("pdftotext", "-layout", path, "-"),
            Path = path,
        };
    }

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (scripts/render-tools.sh installs poppler-utils)");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {errors.Result}");
        return output.Result;
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^Page size:\s+([\d.]+) x ([\d.]+) pts", RegexOptions.Multiline)]
    private static partial Regex SizeLine();

    [GeneratedRegex("<word xMin=\"(?<x1>[\\d.]+)\" yMin=\"(?<y1>[\\d.]+)\" xMax=\"(?<x2>[\\d.]+)\" yMax=\"(?<y2>[\\d.]+)\">(?<t>.*)</word>")]
    private static partial Regex WordLine();
}
