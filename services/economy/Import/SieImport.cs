using System.Globalization;
using System.Text;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.ServiceDefaults.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// Reads an SIE 4 export (the Swedish standard; CP437 "PC8" per the spec). The activity dimension is the
/// #DIM whose name contains "verksamhet", the unit dimension dimension 1 (kostnadsställe) or one named
/// "enhet"; #PSALDO (booked) and #PBUDGET (budget) of result accounts 3000–8999 become figure rows: per
/// month year-to-date and, with December, helår. Costs are the debit of accounts 4000–8999, income the
/// credit of 3000–3999, Actual = Income − Costs. Balances without objects ({}) are account totals and are
/// skipped; unknown labels are ignored as the spec allows. Every bad line is reported.
/// </summary>
public static class SieImport
{
    static SieImport() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed record Balance(int Line, int Year, int Month, int Account, IReadOnlyList<(int Dim, string Code)> Objects, decimal Amount, bool IsBudget)
    {
        public string Activity { get; init; } = "";
        public string Unit { get; init; } = "";
    }

    public static ImportBatch Parse(ReadOnlySpan<byte> content)
    {
        var text = Encoding.GetEncoding(437).GetString(content);
        var errors = new List<FieldViolation>();
        var dimensions = new Dictionary<int, string>();
        var objects = new HashSet<(int, string)>();
        var balances = new List<Balance>();
        var lines = text.Split('\n');
        var sawSieType = false;

        for (var i = 0; i < lines.Length; i++)
        {
            var line = i + 1;
            var tokens = Tokenize(lines[i].TrimEnd('\r'), out var tokenError);
            if (tokenError is not null)
            {
                errors.Add(new FieldViolation($"line {line}", tokenError));
                continue;
            }
            if (tokens.Count == 0 || !tokens[0].StartsWith('#'))
            {
                continue;
            }
            switch (tokens[0].ToUpperInvariant())
            {
                case "#SIETYP":
                    sawSieType = true;
                    if (tokens.Count < 2 || tokens[1] != "4") errors.Add(new FieldViolation($"line {line}", $"#SIETYP must be 4 (period balances), got '{string.Join(' ', tokens.Skip(1))}'"));
                    break;
                case "#FORMAT":
                    if (tokens.Count < 2 || tokens[1] != "PC8") errors.Add(new FieldViolation($"line {line}", "#FORMAT must be PC8 (CP437), as SIE 4 prescribes"));
                    break;
                case "#DIM":
                    if (tokens.Count < 3 || !int.TryParse(tokens[1], out var dim)) errors.Add(new FieldViolation($"line {line}", "#DIM needs a dimension number and a name"));
                    else dimensions[dim] = tokens[2];
                    break;
                case "#OBJEKT":
                    if (tokens.Count < 3 || !int.TryParse(tokens[1], out var objectDim)) errors.Add(new FieldViolation($"line {line}", "#OBJEKT needs a dimension number, an object code and a name"));
                    else objects.Add((objectDim, tokens[2]));
                    break;
                case "#PSALDO" or "#PBUDGET":
                    if (ParseBalance(line, tokens, errors) is { } balance) balances.Add(balance);
                    break;
            }
        }
        if (!sawSieType)
        {
            errors.Add(new FieldViolation("line 1", "not an SIE file: #SIETYP 4 is missing"));
        }

        var activityDim = dimensions.FirstOrDefault(d => d.Value.Contains("verksamhet", StringComparison.OrdinalIgnoreCase)).Key;
        var unitDim = dimensions.FirstOrDefault(d => d.Value.Contains("enhet", StringComparison.OrdinalIgnoreCase) && d.Key != activityDim).Key;
        if (unitDim == 0 && dimensions.ContainsKey(1) && activityDim != 1) unitDim = 1;
        if (activityDim == 0 && balances.Count > 0)
        {
            errors.Add(new FieldViolation("content", "no #DIM named \"Verksamhet\": the activity dimension is needed to place balances"));
        }

        var batch = new ImportBatch { FiguresArePartial = true, Lines = lines.Length };
        var placed = new List<Balance>();
        foreach (var b in balances)
        {
            if (b.Account is < 3000 or > 8999)
            {
                continue; // balance sheet accounts: not part of a committee's result
            }
            if (b.Objects.Count == 0)
            {
                continue; // the account's total over all objects
            }
            placed.Add(b);
        }
        // Objects are resolved only now: #DIM lines may come after the balances that use them.
        errors.AddRange(Resolve(placed, activityDim, unitDim, objects, out var resolved));
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        foreach (var year in resolved.GroupBy(b => b.Year))
        {
            var months = year.Select(b => b.Month).Distinct().Order().ToList();
            foreach (var month in months)
            {
                var ytd = year.Where(b => b.Month <= month).ToList();
                AddFigures(batch, new PeriodKey(year.Key, month), ytd);
                if (month == 12)
                {
                    AddFigures(batch, new PeriodKey(year.Key, PeriodKey.FullYear), ytd);
                }
            }
        }
        return batch;
    }

    private static void AddFigures(ImportBatch batch, PeriodKey period, List<Balance> ytd)
    {
        foreach (var activity in ytd.GroupBy(b => b.Activity))
        {
            batch.Figures.Add((activity.Max(b => b.Line), period, activity.Key, "", Measures(activity)));
            foreach (var unit in activity.Where(b => b.Unit.Length > 0).GroupBy(b => b.Unit))
            {
                batch.Figures.Add((unit.Max(b => b.Line), period, activity.Key, unit.Key, Measures(unit)));
            }
        }
    }

    private static FigureMeasures Measures(IEnumerable<Balance> balances)
    {
        var booked = balances.Where(b => !b.IsBudget).ToList();
        var budget = balances.Where(b => b.IsBudget).ToList();
        decimal? costs = booked.Count == 0 ? null : booked.Where(b => b.Account >= 4000).Sum(b => b.Amount);
        decimal? income = booked.Count == 0 ? null : -booked.Where(b => b.Account < 4000).Sum(b => b.Amount);
        return new FigureMeasures(income - costs, budget.Count == 0 ? null : -budget.Sum(b => b.Amount), Costs: costs, Income: income);
    }

    private static Balance? ParseBalance(int line, List<string> tokens, List<FieldViolation> errors)
    {
        // #PSALDO årsnr period konto {objektlista} saldo [kvantitet]
        if (tokens.Count < 6)
        {
            errors.Add(new FieldViolation($"line {line}", $"{tokens[0]} needs year number, period (YYYYMM), account, object list and amount"));
            return null;
        }
        var ok = true;
        if (tokens[2].Length != 6 || !int.TryParse(tokens[2][..4], out var year) || !int.TryParse(tokens[2][4..], out var month) || month is < 1 or > 12)
        {
            errors.Add(new FieldViolation($"line {line}", $"period must be YYYYMM, got '{tokens[2]}'"));
            (year, month, ok) = (0, 0, false);
        }
        if (!int.TryParse(tokens[3], out var account))
        {
            errors.Add(new FieldViolation($"line {line}", $"account must be a number, got '{tokens[3]}'"));
            ok = false;
        }
        if (!decimal.TryParse(tokens[5], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            errors.Add(new FieldViolation($"line {line}", $"amount must be a number with '.' as decimal separator, got '{tokens[5]}'"));
            ok = false;
        }
        var pairs = new List<(int, string)>();
        var list = tokens[4];
        if (!list.StartsWith('{') || !list.EndsWith('}'))
        {
            errors.Add(new FieldViolation($"line {line}", $"the object list must be in braces, got '{list}'"));
            return null;
        }
        var inner = Tokenize(list[1..^1], out _);
        for (var i = 0; i + 1 < inner.Count; i += 2)
        {
            if (int.TryParse(inner[i], out var dim)) pairs.Add((dim, inner[i + 1]));
            else { errors.Add(new FieldViolation($"line {line}", $"object list: '{inner[i]}' is not a dimension number")); ok = false; }
        }
        if (inner.Count % 2 != 0)
        {
            errors.Add(new FieldViolation($"line {line}", "object list: every dimension needs an object code"));
            ok = false;
        }
        if (!ok)
        {
            return null;
        }
        return new Balance(line, year, month, account, pairs, amount, tokens[0].Equals("#PBUDGET", StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<FieldViolation> Resolve(List<Balance> balances, int activityDim, int unitDim, HashSet<(int, string)> objects, out List<Balance> resolved)
    {
        var errors = new List<FieldViolation>();
        resolved = [];
        foreach (var b in balances)
        {
            var pairs = b.Objects;
            foreach (var (dim, code) in pairs.Where(p => !objects.Contains(p)))
            {
                errors.Add(new FieldViolation($"line {b.Line}", $"object {code} of dimension {dim} has no #OBJEKT line"));
            }
            var activity = pairs.FirstOrDefault(p => p.Dim == activityDim).Code ?? "";
            var unit = unitDim == 0 ? "" : pairs.FirstOrDefault(p => p.Dim == unitDim).Code ?? "";
            if (activity.Length == 0)
            {
                errors.Add(new FieldViolation($"line {b.Line}", $"the balance has objects but no activity (dimension {activityDim}); it cannot be placed"));
                continue;
            }
            resolved.Add(b with { Activity = activity, Unit = unit });
        }
        return errors;
    }

    /// <summary>SIE fields: space-separated, "quoted" with \" escapes, {object lists} kept whole.</summary>
    private static List<string> Tokenize(string line, out string? error)
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
                var end = line.IndexOf('}', i);
                if (end < 0) { error = "an object list '{' is not closed"; return tokens; }
                tokens.Add(line[i..(end + 1)]);
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
                tokens.Add(line[start..i]);
            }
        }
        return tokens;
    }
}
