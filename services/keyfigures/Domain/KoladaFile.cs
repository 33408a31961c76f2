using System.Globalization;
using System.Text;
using System.Text.Json;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>
/// One value of a Kolada file. <paramref name="Status"/> is Kolada's flag on the value as it gives it ("" when
/// none); <paramref name="Deleted"/> is a value Kolada reports as removed (is_deleted in a from_date query).
/// </summary>
public sealed record KoladaRow(string KpiId, string AreaId, int Year, string Gender, decimal? Value, int Count, string Status = "", bool Deleted = false);

/// <summary>What one upload held: its rows, how many response pages, and the last page's link to the next one.</summary>
public sealed record KoladaUpload(IReadOnlyList<KoladaRow> Rows, int Pages, string? NextUrl);

/// <summary>
/// Reads Kolada's data as its API serves it, v2 or v3: a response page
/// (<c>{"count":…,"values":[{"kpi":"N17473","municipality":"0380","period":2024,"values":[{"count":1,"gender":"T","status":"","value":5379.1}]}],"next_page"|"next_url":…}</c>),
/// several pages one after another in one body (as <c>cat page1.json page2.json</c> gives) or as a JSON array
/// of pages, or a bare array of entries; or the same columns as semicolon-separated text with a header line
/// (kpi;municipality;period;gender;value;count, optionally ;status). Pages are read one at a time as they
/// stream in. Every row is checked before any is used: one malformed row fails the file, naming the page and
/// row, and nothing is stored.
/// </summary>
public static class KoladaFile
{
    private static readonly string[] Columns = ["kpi", "municipality", "period", "gender", "value", "count"];

    /// <summary>Kolada's own ids are far shorter; the store keeps 32 characters.</summary>
    private const int MaxIdLength = 32;

    /// <summary>Kolada's status flags are short words; anything longer is not one.</summary>
    public const int MaxStatusLength = 64;

    /// <summary>Problems listed before the rest are only counted.</summary>
    private const int Listed = 1000;

    public static IReadOnlyList<KoladaRow> Parse(string content) => Read(content).Rows;

    /// <summary>A file already in memory (the content field of ImportKoladaValues): JSON or the text form.</summary>
    public static KoladaUpload Read(string content)
    {
        var text = content?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new ValidationFailedException("content", "is empty: expected Kolada's API JSON or kpi;municipality;period;gender;value;count lines");
        }
        // What no text may hold (a NUL, another control character): refused here for the raw upload as the gRPC
        // interceptor refuses it in the content field, whichever way the file came.
        if (DomainLimits.CharacterProblem(text, multiline: true) is { } character)
        {
            throw new ValidationFailedException("content", character);
        }
        return text[0] is '{' or '['
            ? ReadJsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false), CancellationToken.None).GetAwaiter().GetResult()
            : ReadText(text);
    }

    /// <summary>
    /// Kolada's API JSON from a stream, one top-level value (a page, an array of pages or of entries) at a
    /// time: memory holds one page and the rows read so far, never the whole body.
    /// </summary>
    public static async Task<KoladaUpload> ReadJsonAsync(Stream content, CancellationToken ct)
    {
        var reader = new PageReader();
        try
        {
            await foreach (var value in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(content, topLevelValues: true, cancellationToken: ct))
            {
                reader.TopLevel(value);
            }
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException("content", $"is not valid JSON: {e.Message}");
        }
        return reader.Finish();
    }

    /// <summary>The rows and problems of the pages read so far.</summary>
    private sealed class PageReader
    {
        private readonly List<KoladaRow> _rows = [];
        private readonly List<FieldViolation> _violations = [];
        private int _problems;
        private int _pages;
        private string? _nextUrl;

        public void TopLevel(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Object && !value.TryGetProperty("kpi", out _))
            {
                Page(value);
            }
            else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.Object && !value[0].TryGetProperty("kpi", out _))
            {
                foreach (var page in value.EnumerateArray())
                {
                    Page(page);
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                // A bare list of entries: the "values" of one page.
                Entries(value, _pages++);
            }
            else
            {
                Problem("content", $"expected a Kolada response page ({{\"values\": [...]}}), an array of pages or of entries, got {Describe(value)}");
            }
        }

        private void Page(JsonElement page)
        {
            var index = _pages++;
            var field = index == 0 ? "content" : $"content.pages[{index}]";
            if (page.ValueKind != JsonValueKind.Object || !page.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                Problem(field, $"page {index + 1} has no \"values\" array: not a Kolada data response (got {Describe(page)})");
                return;
            }
            // v2 names the link next_page, v3 next_url; the last page has none (null or absent).
            _nextUrl = Text(page, "next_url") ?? Text(page, "next_page");
            Entries(values, index);
        }

        private void Entries(JsonElement entries, int page)
        {
            var i = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                Entry(entry, page, i++);
            }
        }

        private void Entry(JsonElement entry, int page, int i)
        {
            var field = (page == 0 ? "content" : $"content.pages[{page}]") + $".values[{i}]";
            var row = page == 0 ? $"row {i + 1}" : $"page {page + 1}, row {i + 1}";
            if (entry.ValueKind != JsonValueKind.Object)
            {
                Problem(field, $"{row}: expected an object with kpi, municipality, period and values, got {Describe(entry)}");
                return;
            }
            var kpi = Text(entry, "kpi")?.Trim();
            var area = Text(entry, "municipality")?.Trim();
            var ok = true;
            if (KpiProblem(kpi) is { } kpiProblem)
            {
                Problem($"{field}.kpi", $"{row}: {kpiProblem}");
                ok = false;
            }
            if (string.IsNullOrEmpty(area) || area.Length > MaxIdLength || DomainLimits.CodeProblem(area) is not null)
            {
                Problem($"{field}.municipality", entry.TryGetProperty("ou", out _)
                    ? $"{row}: this is organisational-unit data (oudata, \"ou\"): comparisons are between municipalities and groups; post a /data/kpi response"
                    : $"{row}: the municipality or group id is missing, longer than {MaxIdLength} characters or not letters and digits, got {(area is null ? "nothing" : $"'{Shorten(area)}'")}");
                ok = false;
            }
            int? year = entry.TryGetProperty("period", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var y) ? y
                : entry.TryGetProperty("period", out p) && p.ValueKind == JsonValueKind.String && int.TryParse(p.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out y) ? y : null;
            if (year is not { } inRange || !DomainLimits.IsYear(inRange))
            {
                Problem($"{field}.period", $"{row}: the period must be a year between {DomainLimits.YearMin} and {DomainLimits.YearMax}, got {(entry.TryGetProperty("period", out p) ? Shorten(p.GetRawText()) : "nothing")}");
                ok = false;
            }
            if (!entry.TryGetProperty("values", out var genders) || genders.ValueKind != JsonValueKind.Array)
            {
                Problem($"{field}.values", $"{row}: has no values array");
                return;
            }
            var j = 0;
            foreach (var g in genders.EnumerateArray())
            {
                if (Value(g, $"{field}.values[{j++}]", row) is { } value && ok)
                {
                    _rows.Add(value with { KpiId = kpi!, AreaId = area!, Year = year!.Value });
                }
            }
        }

        /// <summary>One gender's value, or null after reporting what is wrong with it.</summary>
        private KoladaRow? Value(JsonElement g, string field, string row)
        {
            if (g.ValueKind != JsonValueKind.Object)
            {
                Problem(field, $"{row}: expected an object with gender and value, got {Describe(g)}");
                return null;
            }
            var ok = true;
            var gender = Text(g, "gender");
            if (gender is not ("T" or "K" or "M"))
            {
                Problem($"{field}.gender", $"{row}: gender must be T, K or M, got {(g.TryGetProperty("gender", out var raw) ? raw.GetRawText() : "nothing")}");
                ok = false;
            }
            decimal? value = null;
            if (g.TryGetProperty("value", out var val) && val.ValueKind != JsonValueKind.Null)
            {
                if (val.ValueKind != JsonValueKind.Number)
                {
                    Problem($"{field}.value", $"{row}: the value must be a number or null, got {Shorten(val.GetRawText())}");
                    ok = false;
                }
                else if (StatisticProblem(val.GetRawText(), out var d) is { } problem)
                {
                    Problem($"{field}.value", $"{row}: the value {problem}, got {Shorten(val.GetRawText())}");
                    ok = false;
                }
                else
                {
                    value = d;
                }
            }
            var count = 0;
            if (g.TryGetProperty("count", out var c) && c.ValueKind != JsonValueKind.Null && !(c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out count) && count >= 0))
            {
                Problem($"{field}.count", $"{row}: the count must be a whole number, got {c.GetRawText()}");
                ok = false;
            }
            var status = "";
            if (g.TryGetProperty("status", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind == JsonValueKind.String && s.GetString()!.Trim().Length <= MaxStatusLength && DomainLimits.CharacterProblem(s.GetString(), multiline: false) is null)
                {
                    status = s.GetString()!.Trim();
                }
                else
                {
                    Problem($"{field}.status", $"{row}: the status must be Kolada's flag as text of at most {MaxStatusLength} characters, without control characters, got {Shorten(s.GetRawText())}");
                    ok = false;
                }
            }
            // v2 writes is_deleted (0/1) in a from_date query; the flag is read in either spelling and as a boolean.
            var deleted = Flag(g, "is_deleted") || Flag(g, "isdeleted");
            return ok ? new KoladaRow("", "", 0, gender!, deleted ? null : value, count, status, deleted) : null;
        }

        public KoladaUpload Finish()
        {
            if (_pages == 0 && _problems == 0)
            {
                Problem("content", "is empty: expected Kolada's API JSON");
            }
            if (_problems > 0)
            {
                var violations = _violations.ToList();
                if (_problems > Listed)
                {
                    violations.Add(new FieldViolation("content", $"{_problems - Listed:N0} more problems after the {Listed:N0} listed; nothing was imported"));
                }
                throw new ValidationFailedException(violations);
            }
            return new KoladaUpload(_rows, _pages, _nextUrl);
        }

        private void Problem(string field, string description)
        {
            if (++_problems <= Listed)
            {
                _violations.Add(new FieldViolation(field, description));
            }
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static bool Flag(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && (p.ValueKind == JsonValueKind.True || (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n) && n != 0));

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object without \"values\"",
        JsonValueKind.Array => "an array",
        _ => Shorten(e.GetRawText()),
    };

    private static string Shorten(string text) => InputLimits.Shorten(text);

    /// <summary>Why a KPI id is not one of Kolada's (a capital letter and five digits), or null.</summary>
    private static string? KpiProblem(string? kpi) =>
        string.IsNullOrEmpty(kpi) ? "the KPI id is missing"
        : DomainLimits.IsKoladaKpiId(kpi) ? null
        : $"the KPI id must be Kolada's, a capital letter and five digits (e.g. N17473), got '{Shorten(kpi)}'";

    /// <summary>
    /// Why a published value cannot be stored exactly (<see cref="DomainLimits.StatisticScale"/> decimals, below
    /// 10^15), or null with the value. Kolada's API is Python's JSON, which writes small and large numbers with an
    /// exponent (1e-05); the exponent is moved into the digits here, so such a value is read exactly, not as a double.
    /// </summary>
    public static string? StatisticProblem(string text, out decimal value)
    {
        value = 0;
        var plain = WithoutExponent(text);
        return plain is null
            ? "must be a number with '.' as decimal separator"
            : DomainLimits.AmountProblem(plain, DomainLimits.StatisticScale, out value);
    }

    /// <summary>1.5e-3 as 0.0015, 2E+2 as 200; null when the exponent is not a number or absurdly large.</summary>
    private static string? WithoutExponent(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        if (e < 0)
        {
            return text;
        }
        if (!int.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) || Math.Abs(exponent) > 40)
        {
            return null;
        }
        var mantissa = text[..e];
        var sign = mantissa.StartsWith('-') ? "-" : "";
        mantissa = mantissa.TrimStart('-', '+');
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var at = (point < 0 ? mantissa.Length : point) + exponent; // where the decimal point lands in the digits
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }
        if (at <= 0)
        {
            return $"{sign}0.{new string('0', -at)}{digits}";
        }
        return at >= digits.Length ? sign + digits + new string('0', at - digits.Length) : $"{sign}{digits[..at]}.{digits[at..]}";
    }

    /// <summary>
    /// The text form: kpi;municipality;period;gender;value;count with that header, and an optional seventh
    /// column status. Values with '.' as decimal separator, as Kolada's own exports write them.
    /// </summary>
    private static KoladaUpload ReadText(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines[0].TrimStart('\uFEFF').Split(';').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var withStatus = header.SequenceEqual([.. Columns, "status"]);
        if (!withStatus && !header.SequenceEqual(Columns))
        {
            throw new ValidationFailedException("content", $"line 1 must be the header {string.Join(';', Columns)} (optionally ;status), got '{Shorten(lines[0])}'");
        }
        var expected = Columns.Length + (withStatus ? 1 : 0);
        var rows = new List<KoladaRow>();
        var v = new RequestValidator();
        for (var n = 1; n < lines.Count; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }
            var line = n + 1;
            var cells = lines[n].Split(';').Select(c => c.Trim()).ToArray();
            if (cells.Length != expected)
            {
                v.Add($"content.line[{line}]", $"line {line} has {cells.Length} columns, expected {expected}: '{Shorten(lines[n])}'");
                continue;
            }
            var ok = true;
            if (KpiProblem(cells[0]) is { } kpiProblem)
            {
                v.Add($"content.line[{line}].kpi", $"line {line}: {kpiProblem}");
                ok = false;
            }
            if (cells[1].Length is 0 or > MaxIdLength || DomainLimits.CodeProblem(cells[1]) is not null)
            {
                v.Add($"content.line[{line}].municipality", $"line {line}: the municipality or group id is required, at most {MaxIdLength} letters and digits, got '{Shorten(cells[1])}'");
                ok = false;
            }
            if (!int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !DomainLimits.IsYear(year))
            {
                v.Add($"content.line[{line}].period", $"line {line}: the period must be a year between {DomainLimits.YearMin} and {DomainLimits.YearMax}, got '{Shorten(cells[2])}'");
                ok = false;
            }
            if (cells[3] is not ("T" or "K" or "M"))
            {
                v.Add($"content.line[{line}].gender", $"line {line}: gender must be T, K or M, got '{cells[3]}'");
                ok = false;
            }
            decimal? value = null;
            if (cells[4].Length > 0)
            {
                if (StatisticProblem(cells[4], out var d) is { } problem)
                {
                    v.Add($"content.line[{line}].value", $"line {line}: the value {problem}, got '{Shorten(cells[4])}'");
                    ok = false;
                }
                else
                {
                    value = d;
                }
            }
            var count = 0;
            if (cells[5].Length > 0 && !int.TryParse(cells[5], NumberStyles.None, CultureInfo.InvariantCulture, out count))
            {
                v.Add($"content.line[{line}].count", $"line {line}: the count must be a whole number, got '{cells[5]}'");
                ok = false;
            }
            var status = withStatus ? cells[6] : "";
            if (status.Length > MaxStatusLength)
            {
                v.Add($"content.line[{line}].status", $"line {line}: the status is longer than {MaxStatusLength} characters");
                ok = false;
            }
            if (ok)
            {
                rows.Add(new KoladaRow(cells[0], cells[1], year, cells[3], value, count, status));
            }
        }
        v.ThrowIfInvalid();
        return new KoladaUpload(rows, 1, null);
    }
}
