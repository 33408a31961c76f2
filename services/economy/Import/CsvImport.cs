using System.Globalization;
using System.Text;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// Reads the economy CSV (docs/economy.md) as spreadsheets write it: UTF-8 (with or without a byte order mark)
/// or Windows-1252, declared or detected (<see cref="CsvEncoding"/>); ';' or ',' between fields, decided by the
/// character after the first line's record name; '"'-quoted fields may hold the separator and line breaks; '#'
/// starts a comment line; lines of only separators (Excel's empty rows) are skipped. The first field names the
/// record; amounts are kronor with '.' or ',' as decimal separator (<see cref="CsvAmount"/>). Every bad line is
/// reported, not just the first (the first 1 000, and how many more).
/// The file is decoded and read line by line as it streams in: ledger lines go straight into running totals,
/// so memory depends on the figure rows a file adds up to, not on its length.
/// </summary>
public static class CsvImport
{
    public static readonly string[] FigureColumns =
        ["period", "activity", "unit", "actual", "budget", "forecast", "costs", "income", "intervention_cost", "intervention_cost_budget", "intervention_cost_forecast"];

    /// <summary>
    /// How many fields each record has, its name included. A line with fewer or more is refused: a file cut
    /// mid-line ("figure;2024-helår;5731;;-17417") must not store a truncated amount as if it were the figure.
    /// </summary>
    private static readonly Dictionary<string, int> FieldCounts = new(StringComparer.Ordinal)
    {
        ["report"] = 3, ["unit"] = 5, ["figure"] = 12, ["allocation"] = 7, ["adjustment"] = 7, ["layout"] = 5,
        ["investment"] = 6, ["savings"] = 9, ["narrative"] = 4, ["ledger"] = 7, ["check"] = 6,
        ["savings_decision"] = 11, ["deviation"] = 5, ["item"] = 7,
        ["activity"] = 4, ["municipality"] = 2, ["committee"] = 3,
    };

    /// <summary>The records of kommunledningskontoret's own file (<see cref="CsvScope.Municipality"/>); every other record is a committee's.</summary>
    private static readonly HashSet<string> MunicipalityRecords = new(StringComparer.Ordinal) { "activity", "municipality", "committee" };

    /// <summary>Fields a record may add after its required ones: files written before they existed stay valid.</summary>
    private static readonly Dictionary<string, int> OptionalFieldCounts = new(StringComparer.Ordinal) { ["adjustment"] = 1, ["report"] = 3 };

    /// <summary>A file already in memory: a MemoryStream's reads complete at once, so nothing blocks.</summary>
    public static ImportBatch Parse(byte[] content, CsvScope scope = CsvScope.Committee) =>
        ParseAsync(new MemoryStream(content, writable: false), CancellationToken.None, scope: scope).GetAwaiter().GetResult();

    /// <param name="encoding">A declared encoding (<see cref="CsvEncoding.For"/>); null: detected from the bytes.</param>
    /// <param name="scope">Whose file it is: a record of the other's is refused on its line.</param>
    public static async Task<ImportBatch> ParseAsync(Stream content, CancellationToken ct, Encoding? encoding = null, CsvScope scope = CsvScope.Committee)
    {
        // A bad byte is not thrown on: it decodes to U+FFFD and is reported with its line, like any other error.
        encoding ??= new DetectingEncoding();
        var reader = new Reader(encoding, scope);
        return reader.Finish(await TextLines.ReadAllAsync(content, encoding, reader, ct));
    }

    /// <summary>The state of one file being read: what it says so far, its running ledger totals and its errors.</summary>
    private sealed class Reader(Encoding encoding, CsvScope scope) : TextLines.IReader
    {
        // ';' or ',', decided by the first record line; '\0' until then.
        private char sep;
        private ImportBatch batch = new();
        private readonly LedgerTotals ledger = new();
        private readonly ImportErrors errors = new();
        // Codes repeat on every ledger line: one string per distinct code.
        private readonly Dictionary<string, string> pool = new(StringComparer.Ordinal);
        // A record with a quoted field that spans lines, until its quote closes.
        private StringBuilder? pending;
        private int pendingLine;
        private bool gaveUp;

        public void Read(ReadOnlySpan<char> line, int number)
        {
            if (gaveUp)
            {
                return;
            }
            if (number == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..]; // a byte order mark
            }
            if (line.Contains('\uFFFD'))
            {
                errors.Add(number, encoding is DetectingEncoding
                    ? "is not UTF-8, though the file's first non-ASCII text was: the file mixes encodings; save it again as UTF-8 (or wholly as Windows-1252)"
                    : $"has a byte that is not {encoding.WebName}, the charset the upload declared; save the CSV as UTF-8 or declare its charset");
                return; // its fields would only repeat the problem as garbled codes
            }
            else if (line.IndexOfAnyInRange('\u0080', '\u009F') is var control and >= 0)
            {
                // Windows-1252 decodes every byte, so a file in yet another encoding (CP437, say) shows as these.
                errors.Add(number, $"is not UTF-8 or Windows-1252 text: the control character U+{(int)line[control]:X4}, which no spreadsheet writes, is on this line (a file in another encoding?); save the CSV as UTF-8");
                return;
            }
            if (sep == '\0' && pending is null && !IsBlankOrComment(line))
            {
                if (Separator(line) is not { } found)
                {
                    errors.Add(number, "cannot tell the separator: the record name (report, unit, figure, ledger, …) must be followed by ';' or ','; nothing after this line is read");
                    gaveUp = true;
                    return;
                }
                sep = found;
            }
            if (pending is not null)
            {
                pending.Append('\n').Append(line);
                if (pending.Length > TextLines.MaxLineLength)
                {
                    errors.Add(pendingLine, $"a quoted field is not closed within {TextLines.MaxLineLength:N0} characters; the lines after it are not read");
                    gaveUp = true;
                    return;
                }
                Complete();
                return;
            }
            // Most lines of a large file are unquoted: split those directly, and read ledger lines without
            // allocating their fields; only a line with a quote goes through the RFC 4180 reader.
            if (line.IndexOf('"') >= 0)
            {
                pending = new StringBuilder().Append(line);
                pendingLine = number;
                Complete();
                return;
            }
            if (scope == CsvScope.Committee && line.StartsWith("ledger") && line.Length > 6 && line[6] == sep && TryLedger(line, sep, number, ledger, pool.GetAlternateLookup<ReadOnlySpan<char>>()))
            {
                return;
            }
            var fields = new List<string>(line.ToString().Split(sep == '\0' ? ';' : sep));
            if (!Skip(fields))
            {
                Handle(number, fields);
            }
        }

        /// <summary>Handles the pending record once its quotes are closed.</summary>
        private void Complete()
        {
            var fields = Quoted(pending!.ToString(), sep, out var open);
            if (open)
            {
                return;
            }
            pending = null;
            if (!Skip(fields))
            {
                Handle(pendingLine, fields);
            }
        }

        public ImportBatch Finish(int lines)
        {
            if (lines == 0)
            {
                throw new ValidationFailedException("content", "the file is empty");
            }
            if (pending is not null && !gaveUp)
            {
                errors.Add(pendingLine, "a quoted field is not closed before the end of the file");
            }
            errors.ThrowIfAny();
            batch.Lines = lines;
            if (ledger.Count > 0)
            {
                if (batch.Figures.Count > 0)
                {
                    throw new ValidationFailedException("content", "a file has either figure lines or ledger lines, not both: a ledger line adds to a row a figure line sets");
                }
                batch = ledger.AddTo(batch);
            }
            return batch;
        }

        private void Handle(int line, List<string> fields)
        {
            var row = new Row(line, fields, errors, sep);
            var record = fields[0].Trim().ToLowerInvariant();
            // A spreadsheet pads every row with empty cells up to its widest one: empty fields past the record's
            // last are the sheet's, any other difference is the line's.
            if (FieldCounts.TryGetValue(record, out var expected)
                && (fields.Count < expected || fields.Skip(expected + OptionalFieldCounts.GetValueOrDefault(record)).Any(f => f.Trim().Length > 0)))
            {
                errors.Add(new FieldViolation($"line {line}", $"a '{record}' line has {expected} fields separated by '{sep}', this one has {fields.Count}: a line cut short or with a stray '{sep}' is not read"));
                return;
            }
            // The register and the names are the office's, a committee's figures its own: each is written where its owner writes.
            if (record != "record" && FieldCounts.ContainsKey(record) && MunicipalityRecords.Contains(record) != (scope == CsvScope.Municipality))
            {
                errors.Add(new FieldViolation($"line {line}", scope == CsvScope.Municipality
                    ? $"column 1 (record): a '{record}' line is a committee's record; import it in the committee's file (POST …/committees/{{c}}/imports/csv)"
                    : $"column 1 (record): a '{record}' line is kommunledningskontoret's record; import it in the municipality's file (POST /api/v1/economy/municipalities/{{m}}/imports/csv)"));
                return;
            }
            switch (record)
            {
                case "record":
                    break; // a header line
                case "activity":
                    batch.ActivityCodes.Add((line, row.Code(1, "code"), row.Text(2, "name", 200), row.OptionalCode(3, "scb_code")));
                    break;
                case "municipality":
                    batch.MunicipalityNames.Add((line, row.Text(1, "name", DomainLimits.NameMaxLength)));
                    break;
                case "committee":
                    batch.CommitteeNames.Add((line, row.Code(1, "committee"), row.Text(2, "name", DomainLimits.NameMaxLength)));
                    break;
                case "report":
                    // The report's case data for Bilaga 3's header (handläggare, datum, nämndbehandlas) may follow; empty = unchanged.
                    batch.Reports.Add((line, row.Period(1), new ReportDetails(row.Text(2, "forecast_name", 200),
                        row.OptionalLine(3, "prepared_by", ReportDetails.PreparedByMaxLength), row.OptionalDate(4, "document_date"), row.OptionalDate(5, "committee_meeting_date"))));
                    break;
                case "unit":
                    batch.Units.Add((line, row.Code(1, "code"), row.Text(2, "name", 200), row.Kind(3), row.OptionalCode(4, "parent")));
                    break;
                case "figure":
                    batch.Figures.Add((line, row.Period(1), row.Code(2, "activity"), row.OptionalCode(3, "unit") ?? "",
                        new FigureMeasures(row.Amount(4, "actual"), row.Amount(5, "budget"), row.Amount(6, "forecast"), row.Amount(7, "costs"),
                            row.Amount(8, "income"), row.Amount(9, "intervention_cost"), row.Amount(10, "intervention_cost_budget"), row.Amount(11, "intervention_cost_forecast"))));
                    break;
                case "allocation":
                    batch.Allocations.Add((line, row.Period(1), row.Text(2, "area", 200), row.Int(3, "sort_order"),
                        row.RequiredAmount(4, "amount"), row.Amount(5, "forecast_amount"), row.Codes(6)));
                    break;
                case "adjustment":
                    batch.Adjustments.Add((line, row.Period(1), row.Text(2, "area", 200), row.RequiredAmount(3, "amount"),
                        row.DecisionBody(4), row.Text(5, "reference", 60), row.Text(6, "reason", 2000), row.OptionalDate(7, "decided_on")));
                    break;
                case "layout":
                    batch.LayoutAreas.Add((line, row.Code(1, "layout"), row.Text(2, "area", 200), row.Int(3, "sort_order"), row.Codes(4)));
                    break;
                case "investment":
                    batch.Investments.Add((line, row.Period(1), row.Amount(2, "municipal_budget"), row.Amount(3, "outcome"), row.Amount(4, "forecast"), row.OptionalText(5, "comment", DomainLimits.TextMaxLength)));
                    break;
                case "savings":
                    batch.Savings.Add((line, row.Period(1), row.Text(2, "decision", 60), row.Date(3, "decided_on"), row.Text(4, "decided_by", 200),
                        row.Text(5, "measure", 500), row.YesNo(6, "decided_by_committee"), row.Amount(7, "full_year_effect"), row.Amount(8, "effect_this_year")));
                    break;
                case "savings_decision":
                    batch.SavingsDecisions.Add((line, row.Period(1), row.Text(2, "reference", 60), row.Date(3, "decided_on"), row.Text(4, "decided_by", 200),
                        row.Amount(5, "full_year_effect"), row.Amount(6, "effect_this_year"), row.OptionalText(7, "requirement", 200),
                        row.Amount(8, "requirement_amount"), row.Amount(9, "achieved_effect"), row.OptionalText(10, "description", DomainLimits.TextMaxLength)));
                    break;
                case "deviation":
                    var deviation = (row.Amount(3, "deviation"), row.Amount(4, "forecast_deviation"));
                    if (deviation is (null, null))
                    {
                        errors.Add(new FieldViolation($"line {line}", "columns 4–5 (deviation, forecast_deviation): at least one is required"));
                    }
                    batch.StatedDeviations.Add((line, row.Period(1), row.OptionalCode(2, "unit") ?? "", deviation.Item1, deviation.Item2));
                    break;
                case "item":
                    batch.DeviationItems.Add((line, row.Period(1), row.OptionalCode(2, "unit") ?? "", row.ItemKind(3), row.Text(4, "description", 2000),
                        row.Amount(5, "amount"), row.Amount(6, "full_time_equivalents")));
                    break;
                case "narrative":
                    batch.Narratives.Add((line, row.Period(1), row.Text(2, "section", 200), row.Text(3, "text", 20000)));
                    break;
                case "ledger":
                    var kind = row.OneOf(6, "kind", "ACTUAL", "BUDGET");
                    var account = row.Int(4, "account");
                    if (account is < 3000 or > 8999)
                    {
                        errors.Add(new FieldViolation($"line {line}", $"column 5 (account): must be a result account 3000–8999, got '{row.Field(4)}'"));
                    }
                    ledger.Add(line, row.Period(1), row.Code(2, "activity"), row.OptionalCode(3, "unit") ?? "", account, row.RequiredAmount(5, "amount"), kind == "BUDGET");
                    break;
                case "check":
                    var measure = row.Text(4, "measure", 40).Split('.');
                    if (measure.Length != 2 || measure[0] is not ("net_cost" or "allocation" or "result") || measure[1] is not ("actual" or "budget" or "forecast" or "previous_year"))
                    {
                        errors.Add(new FieldViolation($"line {line}", $"column 5 (measure): must be net_cost|allocation|result . actual|budget|forecast|previous_year, got '{row.Field(4)}'"));
                        measure = ["", ""];
                    }
                    batch.Checks.Add((line, row.Period(1), row.Code(2, "layout"), row.Text(3, "area", 200), measure[0], measure[1], row.RequiredAmount(5, "expected")));
                    break;
                default:
                    errors.Add(new FieldViolation($"line {line}", scope == CsvScope.Municipality
                        ? $"column 1 (record): unknown record '{fields[0]}'; expected activity, municipality or committee"
                        : $"column 1 (record): unknown record '{fields[0]}'; expected report, unit, figure, allocation, adjustment, layout, investment, savings, savings_decision, deviation, item, narrative or check"));
                    break;
            }
        }
    }

    /// <summary>An empty line, a line of only separators (a spreadsheet's empty row), or a comment.</summary>
    private static bool Skip(List<string> fields) => fields.All(f => f.Trim().Length == 0) || fields[0].TrimStart().StartsWith('#');

    private static bool IsBlankOrComment(ReadOnlySpan<char> line)
    {
        var text = line.Trim();
        return text.Length == 0 || text[0] == '#' || !text.ContainsAnyExcept(";, \t\uFEFF");
    }

    /// <summary>The character after the record name (a word, perhaps quoted) of a record line: ';' or ',', or null.</summary>
    private static char? Separator(ReadOnlySpan<char> line)
    {
        var text = line.TrimStart(" \t\uFEFF");
        var quoted = text.Length > 0 && text[0] == '"';
        var i = quoted ? 1 : 0;
        while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            i++;
        }
        if (quoted && i < text.Length && text[i] == '"')
        {
            i++;
        }
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
        return i < text.Length && text[i] is ';' or ',' ? text[i] : null;
    }

    /// <summary>One record by RFC 4180 rules with <paramref name="sep"/>; <paramref name="open"/> when it ends inside a quoted field.</summary>
    private static List<string> Quoted(string text, char sep, out bool open)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var atFieldStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"' && atFieldStart) { quoted = true; atFieldStart = false; }
            else if (c == sep) { fields.Add(field.ToString()); field.Clear(); atFieldStart = true; }
            else if (c != '\r') { field.Append(c); atFieldStart = false; }
        }
        fields.Add(field.ToString());
        open = quoted;
        return fields;
    }

    /// <summary>
    /// ledger;period;activity;unit;account;amount;kind without allocating per field (codes are pooled). Returns
    /// false for anything unusual, which the general reader then reports with its line and reason.
    /// </summary>
    private static bool TryLedger(ReadOnlySpan<char> line, char sep, int number, LedgerTotals ledger, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> pool)
    {
        Span<Range> parts = stackalloc Range[8];
        if (line.Split(parts, sep) != 7)
        {
            return false;
        }
        var period = line[parts[1]];
        var activity = line[parts[2]];
        var unit = line[parts[3]];
        if (period.Length != 7 || period[4] != '-' || !int.TryParse(period[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !DomainLimits.IsYear(year)
            || !int.TryParse(period[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12
            || activity.Length == 0 || DomainLimits.CodeProblem(activity) is not null || DomainLimits.CodeProblem(unit) is not null
            || !int.TryParse(line[parts[4]], NumberStyles.None, CultureInfo.InvariantCulture, out var account) || account is < 3000 or > 8999
            || !CsvAmount.TryParse(line[parts[5]], sep == ',', out var amount, out _) || LimitProblem(line[parts[5]]) is not null)
        {
            return false;
        }
        var kind = line[parts[6]];
        var isBudget = kind.Equals("budget", StringComparison.OrdinalIgnoreCase);
        if (!isBudget && !kind.Equals("actual", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        ledger.Add(number, new PeriodKey(year, month), Pooled(activity, pool), unit.Length == 0 ? "" : Pooled(unit, pool), account, amount, isBudget);
        return true;
    }

    /// <summary>
    /// Why an amount CsvAmount has read cannot be stored exactly (more than 2 decimals, 10^15 or more), or null:
    /// judged on the digits as written, since decimal.Parse would round a 28th decimal without a word.
    /// </summary>
    private static string? LimitProblem(ReadOnlySpan<char> text)
    {
        Span<char> plain = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (c is not (' ' or '\u00A0' or '\u202F'))
            {
                plain[length++] = c == ',' ? '.' : c;
            }
        }
        return DomainLimits.AmountProblem(plain[..length], out _);
    }

    private static string Pooled(ReadOnlySpan<char> value, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> pool)
    {
        if (!pool.TryGetValue(value, out var pooled))
        {
            pooled = value.ToString();
            pool[pooled] = pooled;
        }
        return pooled;
    }

    private sealed class Row(int line, List<string> fields, ImportErrors errors, char sep)
    {
        public string Field(int i) => i < fields.Count ? fields[i].Trim() : "";

        private void Error(int i, string name, string reason) =>
            errors.Add(new FieldViolation($"line {line}", $"column {i + 1} ({name}): {reason}"));

        public PeriodKey Period(int i)
        {
            var value = Field(i);
            var parts = value.Split('-', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && DomainLimits.IsYear(year))
            {
                int? point = parts[1].ToLowerInvariant() switch
                {
                    "helår" or "helar" or "full-year" => PeriodKey.FullYear,
                    "delår" or "delar" or "interim" => PeriodKey.Interim,
                    var m when int.TryParse(m, out var month) && month is >= 1 and <= 12 && m.Length == 2 => month,
                    // The contract's enum names, so a period copied from JSON reads the same ("2024-PERIOD_POINT_FULL_YEAR").
                    var e when e.StartsWith("period_point_", StringComparison.Ordinal)
                        && Enum.TryParse<Contracts.Common.V1.PeriodPoint>(e["period_point_".Length..].Replace("_", ""), true, out var named)
                        && named != Contracts.Common.V1.PeriodPoint.Unspecified && Enum.IsDefined(named) => (int)named,
                    _ => null,
                };
                if (point is { } p)
                {
                    return new PeriodKey(year, p);
                }
            }
            Error(i, "period", $"must be YYYY-MM, YYYY-delår or YYYY-helår (or YYYY-PERIOD_POINT_…), got '{value}'");
            return default;
        }

        public string Code(int i, string name)
        {
            var value = Field(i);
            if (value.Length == 0) Error(i, name, "is required");
            else if ((DomainLimits.CharacterProblem(value, multiline: false) ?? DomainLimits.CodeProblem(value)) is { } problem) Error(i, name, problem);
            return value;
        }

        public string? OptionalCode(int i, string name) => Field(i).Length == 0 ? null : Code(i, name);

        public string Text(int i, string name, int maxLength)
        {
            var value = Field(i);
            if (value.Length == 0) Error(i, name, "is required");
            else if (DomainLimits.TextProblem(value, multiline: true, maxLength) is { } problem) Error(i, name, problem);
            return value;
        }

        public string? OptionalText(int i, string name, int maxLength) => Field(i).Length == 0 ? null : Text(i, name, maxLength);

        /// <summary>A text of one line (a name): no line break or other control character.</summary>
        public string? OptionalLine(int i, string name, int maxLength)
        {
            var value = Field(i);
            if (value.Length == 0) return null;
            if (DomainLimits.TextProblem(value, multiline: false, maxLength) is { } problem) Error(i, name, problem);
            return value;
        }

        public decimal? Amount(int i, string name)
        {
            var value = Field(i);
            if (value.Length == 0)
            {
                return null;
            }
            if (!CsvAmount.TryParse(value, sep == ',', out var amount, out var problem))
            {
                Error(i, name, $"must be an amount in kronor ('.' or ',' as decimal separator), got '{InputLimits.Shorten(value)}'{(problem is null ? "" : $": it {problem}")}");
                return null;
            }
            if (LimitProblem(value) is { } limit)
            {
                Error(i, name, $"{limit}, got '{InputLimits.Shorten(value)}'");
                return null;
            }
            return amount;
        }

        public decimal RequiredAmount(int i, string name)
        {
            if (Field(i).Length == 0)
            {
                Error(i, name, "is required");
                return 0;
            }
            return Amount(i, name) ?? 0;
        }

        public int Int(int i, string name)
        {
            if (int.TryParse(Field(i), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
            Error(i, name, $"must be a whole number, got '{Field(i)}'");
            return 0;
        }

        public IReadOnlyList<string> Codes(int i)
        {
            var codes = Field(i).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (codes.Length == 0) Error(i, "activity_codes", "at least one activity code is required (space-separated)");
            foreach (var duplicate in codes.GroupBy(c => c).Where(g => g.Count() > 1)) Error(i, "activity_codes", $"{duplicate.Key} appears twice");
            foreach (var code in codes)
            {
                if ((DomainLimits.CharacterProblem(code, multiline: false) ?? DomainLimits.CodeProblem(code)) is { } problem) Error(i, "activity_codes", $"'{InputLimits.Shorten(code)}' {problem}");
            }
            return codes;
        }

        public UnitKind Kind(int i)
        {
            if (Enum.TryParse<UnitKind>(Field(i), true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(Field(i), out _)) return kind;
            Error(i, "kind", $"must be department, division or unit, got '{Field(i)}'");
            return UnitKind.Unit;
        }

        public string OneOf(int i, string name, params string[] values)
        {
            var value = Field(i).ToUpperInvariant();
            if (!values.Contains(value)) Error(i, name, $"must be one of {string.Join(", ", values)}, got '{Field(i)}'");
            return value;
        }

        public string DecisionBody(int i)
        {
            if (BudgetAdjustment.DecisionBody(Field(i)) is { } body) return body;
            Error(i, "decided_by", $"must be one of {string.Join(", ", BudgetAdjustment.DecisionBodies)}, got '{InputLimits.Shorten(Field(i))}'");
            return "";
        }

        public DeviationItemKind ItemKind(int i)
        {
            switch (Field(i).ToLowerInvariant())
            {
                case "one_off": return DeviationItemKind.OneOff;
                case "staffing": return DeviationItemKind.Staffing;
                default: Error(i, "kind", $"must be one_off or staffing, got '{InputLimits.Shorten(Field(i))}'"); return DeviationItemKind.OneOff;
            }
        }

        public DateOnly? OptionalDate(int i, string name) => Field(i).Length == 0 ? null : Date(i, name);

        public bool YesNo(int i, string name)
        {
            switch (Field(i).ToLowerInvariant())
            {
                case "yes" or "ja": return true;
                case "no" or "nej": return false;
                default: Error(i, name, $"must be yes or no, got '{Field(i)}'"); return false;
            }
        }

        public DateOnly Date(int i, string name)
        {
            if (DateOnly.TryParseExact(Field(i), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            Error(i, name, $"must be a date yyyy-MM-dd, got '{Field(i)}'");
            return default;
        }
    }
}
