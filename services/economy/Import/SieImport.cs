using System.Globalization;
using System.Text;
using NamndFollowUp.ServiceDefaults.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// Reads an SIE 4 export (the Swedish standard; CP437 "PC8" per the spec). The activity dimension is the
/// #DIM whose name contains "verksamhet", the unit dimension one named "enhet" or else dimension 1
/// (kostnadsställe). #PSALDO (booked) and #PBUDGET (budget) of result accounts 3000–8999 with objects are
/// summed as they stream past (<see cref="LedgerTotals"/>) into figure rows per month, year to date, and
/// helår from December. Balances without objects ({}) are account totals and skipped; balance-sheet
/// accounts are skipped; unknown labels are ignored as the spec allows. Every bad line is reported (the first
/// 1 000, and how many more). The file is decoded from CP437 line by line as it streams in, never held whole.
/// </summary>
public static class SieImport
{
    private static readonly Encoding Cp437 = CodePage(437);

    /// <summary>CP437 is not built into .NET; the code pages provider brings it.</summary>
    private static Encoding CodePage(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    /// <summary>A file already in memory: a MemoryStream's reads complete at once, so nothing blocks.</summary>
    public static ImportBatch Parse(byte[] content) =>
        ParseAsync(new MemoryStream(content, writable: false), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<ImportBatch> ParseAsync(Stream content, CancellationToken ct)
    {
        var reader = new Reader();
        return reader.Finish(await TextLines.ReadAllAsync(content, Cp437, reader, ct));
    }

    /// <summary>The state of one file being read: its dimensions and objects, the running totals, its errors.</summary>
    private sealed class Reader : TextLines.IReader
    {
        private readonly ImportErrors errors = new();
        private readonly Dictionary<int, string> dimensions = [];
        private readonly HashSet<(int, string)> objects = [];
        private readonly LedgerTotals ledger = new();
        private readonly Dictionary<int, HashSet<string>> objectCodes = [];
        private bool sawSieType;
        private int? activityDim, unitDim;

        public void Read(ReadOnlySpan<char> raw, int line)
        {
            if (raw.Length == 0 || raw[0] != '#')
            {
                // Between labels SIE has only blank lines and the braces of #VER blocks; anything else (text
                // appended to the file, a second file glued on) is not read as if it were not there.
                if (raw.Trim() is var rest && rest.Length > 0 && rest is not "{" and not "}")
                {
                    errors.Add(line, $"is not an SIE line (a label such as #PSALDO, a brace of a #VER block, or blank): '{InputLimits.Shorten(rest.ToString())}'");
                }
                return;
            }
            if (activityDim is { } knownActivityDim && unitDim is { } knownUnitDim && TryBalance(raw, line, knownActivityDim, knownUnitDim, objectCodes, ledger))
            {
                return;
            }
            var tokens = Tokenize(raw, out var tokenError);
            tokenError ??= DomainLimits.CharacterProblem(raw, multiline: false);
            if (tokenError is not null)
            {
                errors.Add(line, tokenError);
                return;
            }
            switch (tokens[0].ToUpperInvariant())
            {
                case "#SIETYP":
                    sawSieType = true;
                    if (tokens.Count < 2 || tokens[1] != "4") errors.Add(line, $"#SIETYP must be 4 (period balances), got '{string.Join(' ', tokens.Skip(1))}'");
                    break;
                case "#FORMAT":
                    if (tokens.Count < 2 || tokens[1] != "PC8") errors.Add(line, "#FORMAT must be PC8 (CP437), as SIE 4 prescribes");
                    break;
                case "#DIM":
                    if (tokens.Count < 3 || !int.TryParse(tokens[1], out var dim)) errors.Add(line, "#DIM needs a dimension number and a name");
                    else dimensions[dim] = tokens[2];
                    break;
                case "#OBJEKT":
                    if (tokens.Count < 3 || !int.TryParse(tokens[1], out var objectDim)) errors.Add(line, "#OBJEKT needs a dimension number, an object code and a name");
                    else if (DomainLimits.CodeProblem(tokens[2]) is { } codeProblem) errors.Add(line, $"the object code {codeProblem}");
                    else
                    {
                        objects.Add((objectDim, tokens[2]));
                        if (!objectCodes.TryGetValue(objectDim, out var codes)) objectCodes[objectDim] = codes = new HashSet<string>(StringComparer.Ordinal);
                        codes.Add(tokens[2]);
                    }
                    break;
                case "#PSALDO" or "#PBUDGET":
                    // SIE puts #DIM and #OBJEKT before the balances, so the dimensions are known by now.
                    activityDim ??= dimensions.FirstOrDefault(d => d.Value.Contains("verksamhet", StringComparison.OrdinalIgnoreCase)).Key;
                    unitDim ??= dimensions.FirstOrDefault(d => d.Value.Contains("enhet", StringComparison.OrdinalIgnoreCase) && d.Key != activityDim).Key is var u and not 0
                        ? u : dimensions.ContainsKey(1) && activityDim != 1 ? 1 : 0;
                    Balance(line, tokens, activityDim.Value, unitDim.Value, objects, ledger, errors);
                    break;
            }
        }

        public ImportBatch Finish(int lines)
        {
            if (lines == 0)
            {
                throw new ValidationFailedException("content", "the file is empty");
            }
            if (!sawSieType)
            {
                errors.Add(1, "not an SIE file: #SIETYP 4 is missing");
            }
            errors.ThrowIfAny();
            return ledger.AddYearToDateTo(new ImportBatch { Lines = lines });
        }
    }

    /// <summary>#PSALDO årsnr period konto {objektlista} saldo [kvantitet]</summary>
    private static void Balance(int line, List<string> tokens, int activityDim, int unitDim, HashSet<(int, string)> objects, LedgerTotals ledger, ImportErrors errors)
    {
        if (tokens.Count < 6)
        {
            errors.Add(line, $"{tokens[0]} needs year number, period (YYYYMM), account, object list and amount");
            return;
        }
        var ok = true;
        if (tokens[2].Length != 6 || !int.TryParse(tokens[2][..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !DomainLimits.IsYear(year)
            || !int.TryParse(tokens[2][4..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            errors.Add(line, $"period must be YYYYMM with a year {DomainLimits.YearMin}–{DomainLimits.YearMax}, got '{tokens[2]}'");
            (year, month, ok) = (0, 0, false);
        }
        if (!int.TryParse(tokens[3], out var account))
        {
            errors.Add(line, $"account must be a number, got '{tokens[3]}'");
            ok = false;
        }
        if (DomainLimits.AmountProblem(tokens[5], out var amount) is { } amountProblem)
        {
            errors.Add(line, $"the amount {amountProblem}, got '{InputLimits.Shorten(tokens[5])}'");
            ok = false;
        }
        var list = tokens[4];
        if (!list.StartsWith('{') || !list.EndsWith('}'))
        {
            errors.Add(line, $"the object list must be in braces, got '{list}'");
            return;
        }
        var inner = Tokenize(list.AsSpan(1, list.Length - 2), out _);
        if (inner.Count == 0 || account is < 3000 or > 8999)
        {
            return; // an account total over all objects, or a balance-sheet account: not a committee's result
        }
        if (inner.Count % 2 != 0)
        {
            errors.Add(line, "object list: every dimension needs an object code");
            return;
        }
        string activity = "", unit = "";
        for (var i = 0; i < inner.Count; i += 2)
        {
            if (!int.TryParse(inner[i], out var dim))
            {
                errors.Add(line, $"object list: '{inner[i]}' is not a dimension number");
                ok = false;
                continue;
            }
            if (!objects.Contains((dim, inner[i + 1])))
            {
                errors.Add(line, $"object {inner[i + 1]} of dimension {dim} has no #OBJEKT line");
                ok = false;
            }
            if (dim == activityDim) activity = inner[i + 1];
            else if (dim == unitDim) unit = inner[i + 1];
        }
        if (activity.Length == 0)
        {
            errors.Add(line, activityDim == 0
                ? "no #DIM named \"Verksamhet\": the activity dimension is needed to place balances"
                : $"the balance has objects but none of the activity dimension {activityDim}; it cannot be placed");
            return;
        }
        if (ok)
        {
            ledger.Add(line, new PeriodKey(year, month), activity, unit, account, amount, tokens[0].Equals("#PBUDGET", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// A well-formed #PSALDO/#PBUDGET line read without allocating (object codes come from the #OBJEKT set).
    /// Anything unusual returns false and the general reader handles it, errors included.
    /// </summary>
    private static bool TryBalance(ReadOnlySpan<char> line, int number, int activityDim, int unitDim, Dictionary<int, HashSet<string>> objects, LedgerTotals ledger)
    {
        bool isBudget;
        if (line.StartsWith("#PSALDO "))
        {
            isBudget = false;
            line = line[8..];
        }
        else if (line.StartsWith("#PBUDGET "))
        {
            isBudget = true;
            line = line[9..];
        }
        else
        {
            return false;
        }
        if (line.IndexOf('\\') >= 0
            || !Next(ref line, out _)
            || !Next(ref line, out var period) || period.Length != 6
            || !int.TryParse(period[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !DomainLimits.IsYear(year)
            || !int.TryParse(period[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12
            || !Next(ref line, out var accountText) || !int.TryParse(accountText, NumberStyles.None, CultureInfo.InvariantCulture, out var account))
        {
            return false;
        }
        line = line.TrimStart();
        var close = line.IndexOf('}');
        if (line.Length == 0 || line[0] != '{' || close < 0)
        {
            return false;
        }
        var list = line[1..close];
        line = line[(close + 1)..];
        if (!Next(ref line, out var amountText)
            || DomainLimits.AmountProblem(amountText, out var amount) is not null)
        {
            return false;
        }
        if (list.Trim().Length == 0 || account is < 3000 or > 8999)
        {
            return true; // skipped, as the general reader skips them
        }
        string activity = "", unit = "";
        while (list.TrimStart().Length > 0)
        {
            if (!Next(ref list, out var dimText) || !int.TryParse(dimText, NumberStyles.None, CultureInfo.InvariantCulture, out var dim)
                || !Next(ref list, out var code)
                || !objects.TryGetValue(dim, out var codes) || !codes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code, out var pooled))
            {
                return false;
            }
            if (dim == activityDim) activity = pooled;
            else if (dim == unitDim) unit = pooled;
        }
        if (activity.Length == 0)
        {
            return false;
        }
        ledger.Add(number, new PeriodKey(year, month), activity, unit, account, amount, isBudget);
        return true;
    }

    private static bool Next(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> token)
    {
        rest = rest.TrimStart();
        token = default;
        if (rest.Length == 0)
        {
            return false;
        }
        if (rest[0] == '"')
        {
            var end = rest[1..].IndexOf('"');
            if (end < 0) return false;
            token = rest.Slice(1, end);
            rest = rest[(end + 2)..];
            return true;
        }
        var stop = rest.IndexOfAny(' ', '\t');
        token = stop < 0 ? rest : rest[..stop];
        rest = stop < 0 ? default : rest[stop..];
        return true;
    }

    /// <summary>SIE fields: space-separated, "quoted" with \" escapes, {object lists} kept whole.</summary>
    private static List<string> Tokenize(ReadOnlySpan<char> line, out string? error)
    {
        error = null;
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i])) { i++; continue; }
            if (line[i] == '"')
            {
                var token = new StringBuilder();
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length) i++;
                    token.Append(line[i++]);
                }
                if (i >= line.Length) { error = "a quoted field is not closed"; return tokens; }
                i++;
                tokens.Add(token.ToString());
            }
            else if (line[i] == '{')
            {
                var end = line[i..].IndexOf('}');
                if (end < 0) { error = "an object list '{' is not closed"; return tokens; }
                tokens.Add(line.Slice(i, end + 1).ToString());
                i += end + 1;
            }
            else
            {
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
                tokens.Add(line[start..i].ToString());
            }
        }
        return tokens;
    }
}
