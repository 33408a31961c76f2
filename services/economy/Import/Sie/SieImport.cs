using System.Globalization;
using System.Text;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import.Sie;

/// <summary>
/// Reads an SIE file (types 1–4, 4E and 4I; CP437 "PC8" or UTF-8 as #FORMAT or a byte order mark says) as
/// ledger systems write it, and maps its amounts onto figure rows with the committee's
/// <see cref="LedgerMapping"/>. Figures come from #TRANS in vouchers when the file has them, else from
/// #PSALDO/#PBUDGET (the finest object list that holds the mapped dimensions), else from #RES (SIE 1).
/// #RAR decides the fiscal years; #KSUMMA is verified when present; every voucher must balance, and the
/// year's #TRANS (or complete account-total #PSALDO) must sum to each #RES, #IB plus them to each #UB, and an
/// object's #OIB plus its #TRANS to its #OUB. What a balance record was (checked, or why not) is in the answer.
/// A file none of whose records map is refused with the dimensions, objects and accounts it has. The file
/// streams through once and is never held whole.
/// </summary>
public static class SieImport
{
    /// <summary>A file already in memory: a MemoryStream's reads complete at once, so nothing blocks.</summary>
    public static ImportBatch Parse(byte[] content, LedgerMapping? mapping) =>
        ParseAsync(new MemoryStream(content, writable: false), mapping, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<ImportBatch> ParseAsync(Stream content, LedgerMapping? mapping, CancellationToken ct)
    {
        var lines = new SieLines(content);
        var reader = new SieReader(mapping, encoding => lines.Encoding = encoding);
        while (await lines.ReadAsync(ct) is (true, var line))
        {
            reader.Read(line.Span, lines.Number, lines.Encoding);
        }
        return reader.Finish(lines.Number);
    }
}

/// <summary>The state of one SIE file being read: what it declared, the running sums and checks, its errors.</summary>
internal sealed class SieReader(LedgerMapping? mapping, Action<Encoding> useEncoding)
{
    private readonly ImportErrors _errors = new();
    private readonly ImportSummary _summary = new();
    private readonly SieTotals _totals = new();
    private readonly SieFields _fields = new();
    private readonly LedgerMapping _mapping = mapping ?? new LedgerMapping();

    private SieChecksum? _checksum;
    private int _checksumLine;
    private bool _checksumClosed, _sawType;
    private readonly Dictionary<int, (int First, int Last)> _years = [];
    private readonly Dictionary<int, string> _dimensions = [];
    private readonly Dictionary<int, HashSet<string>> _objects = [];
    private readonly HashSet<string> _accounts = new(StringComparer.Ordinal);

    /// <summary>The labels the reader knows, so a line's label is found without allocating (case as the file writes it).</summary>
    private static readonly Dictionary<string, string> Labels = new[]
    {
        "#FORMAT", "#SIETYP", "#RAR", "#DIM", "#UNDERDIM", "#OBJEKT", "#KONTO", "#IB", "#UB", "#RES", "#OIB", "#OUB", "#PSALDO", "#PBUDGET",
        "#VER", "#TRANS", "#RTRANS", "#BTRANS", "#KSUMMA", "#FLAGGA", "#PROGRAM", "#GEN", "#FNAMN", "#FNR", "#ORGNR", "#ADRESS", "#TAXAR",
        "#KPTYP", "#PROSA", "#VALUTA", "#BKOD", "#FTYP", "#KTYP", "#ENHET", "#SRU", "#OMFATTN",
    }.ToDictionary(l => l, l => l, StringComparer.OrdinalIgnoreCase);

    private static string LabelOf(ReadOnlySpan<char> text) =>
        Labels.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var label) ? label : text.ToString().ToUpperInvariant();

    /// <summary>The account as one string per account of the file, not one per line.</summary>
    private string Account(ReadOnlySpan<char> text)
    {
        var lookup = _accounts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(text, out var account))
        {
            account = text.ToString();
            _accounts.Add(account);
        }
        return account;
    }

    private readonly Dictionary<(int Year, string Account), (decimal Amount, int Line)> _results = [], _closing = [];
    private readonly Dictionary<(int Year, string Account), decimal> _opening = [], _transactions = [], _accountTotals = [];
    private readonly Dictionary<int, int> _lastTotalMonth = [];
    private readonly HashSet<(int Year, string Account)> _resultsChecked = [];
    private decimal _internal;

    /// <summary>#OIB/#OUB per year, account and object, and the #TRANS rows naming that object (summed only when the file has them).</summary>
    private readonly Dictionary<(int Year, string Account, int Dimension, string Code), decimal> _objectOpening = [], _objectTransactions = [];
    private readonly Dictionary<(int Year, string Account, int Dimension, string Code), (decimal Amount, int Line)> _objectClosing = [];
    private bool _sawVoucher;
    private long _objectBalancesAfterVouchers;

    private bool _inVoucher, _afterVoucher;
    private int _voucherLine, _voucherMonth;
    private decimal _voucherSum;
    private string _voucherName = "";

    public void Read(ReadOnlySpan<char> raw, int line, Encoding encoding)
    {
        var text = raw.Trim(" \t");
        if (text.Length == 0)
        {
            return;
        }
        // An SIE line is text; a control character (other than the tab between fields) is binary data or garbage
        // after the file, which the reader would otherwise skip as an unknown field. A line of printable ASCII only
        // (nearly every line) has none, which one vectorised pass tells.
        if (text.ContainsAnyExceptInRange(' ', '~') && DomainLimits.CharacterProblem(text, multiline: true) is { } character)
        {
            _errors.Add(line, $"{character}: not text of an SIE file");
            return;
        }
        if (text is "{" or "}")
        {
            Brace(text[0] == '{', line);
            _afterVoucher = false;
            return;
        }
        if (text[0] != '#')
        {
            _errors.Add(line, "not an SIE record: a line starts with a #label, or is { or } around a voucher's rows");
            return;
        }
        if (_fields.Parse(text) is { } error)
        {
            _errors.Add(line, error);
            return;
        }
        var label = LabelOf(_fields[0]);
        _afterVoucher = label == "#VER";
        if (label == "#KSUMMA")
        {
            Checksum(line, encoding);
            return;
        }
        if (_checksum is not null && !_checksumClosed)
        {
            _fields.AddTo(_checksum);
        }
        _summary.Read(label);
        switch (label)
        {
            case "#FORMAT":
                if (_fields.Count < 2 || SieEncodings.FromFormat(_fields[1]) is not { } declared) _errors.Add(line, $"#FORMAT must be PC8 (CP437) or UTF8, got '{Field(1)}'");
                else useEncoding(declared);
                break;
            case "#SIETYP":
                _sawType = true;
                if (_fields.Count < 2 || _fields[1] is not ("1" or "2" or "3" or "4")) _errors.Add(line, $"#SIETYP must be 1, 2, 3 or 4, got '{Field(1)}'");
                break;
            case "#RAR":
                if (_fields.Count < 4 || !int.TryParse(_fields[1], out var index) || Date(_fields[2]) is not { } start || Date(_fields[3]) is not { } end || end < start)
                    _errors.Add(line, "#RAR needs a year number (0, -1, …), a first and a last day (yyyyMMdd)");
                else if (InDomainYears(line, $"#RAR {index}'s first day", start) & InDomainYears(line, $"#RAR {index}'s last day", end)) _years[index] = (start, end);
                break;
            case "#DIM" or "#UNDERDIM":
                if (_fields.Count < 3 || !int.TryParse(_fields[1], out var dimension)) _errors.Add(line, $"{label} needs a dimension number and a name");
                else _dimensions[dimension] = _fields[2].ToString() + (label == "#UNDERDIM" && _fields.Count > 3 ? $" (under {_fields[3]})" : "");
                break;
            case "#OBJEKT":
                if (_fields.Count < 3 || !int.TryParse(_fields[1], out var objectDimension)) _errors.Add(line, "#OBJEKT needs a dimension number, an object code and a name");
                else Objects(objectDimension).Add(_fields[2].ToString());
                break;
            case "#KONTO":
                if (_fields.Count >= 2) Account(_fields[1]);
                break;
            case "#IB" or "#UB" or "#RES":
                YearBalance(label, line);
                break;
            case "#OIB" or "#OUB":
                ObjectBalance(label, line);
                break;
            case "#PSALDO" or "#PBUDGET":
                PeriodBalance(label, line);
                break;
            case "#VER":
                Voucher(line);
                break;
            case "#TRANS":
                Transaction(line);
                break;
            case "#RTRANS" or "#BTRANS":
                _summary.Ignored(label, label == "#RTRANS" ? "an added row; the specification repeats it as the #TRANS that follows" : "a removed row: not part of the voucher");
                break;
            case "#FLAGGA" or "#PROGRAM" or "#GEN" or "#FNAMN" or "#FNR" or "#ORGNR" or "#ADRESS" or "#TAXAR" or "#KPTYP" or "#PROSA" or "#VALUTA"
                or "#BKOD" or "#FTYP" or "#KTYP" or "#ENHET" or "#SRU" or "#OMFATTN":
                break; // about the file, the company or the chart of accounts: read, nothing to map
            default:
                _summary.Ignored(label, "a label the follow-up does not use (the specification lets readers skip unknown labels)");
                break;
        }
    }

    private string Field(int index) => index < _fields.Count ? _fields[index].ToString() : "";

    private HashSet<string> Objects(int dimension)
    {
        if (!_objects.TryGetValue(dimension, out var codes))
        {
            _objects[dimension] = codes = new HashSet<string>(StringComparer.Ordinal);
        }
        return codes;
    }

    /// <summary>yyyyMMdd as a month number (<see cref="SieTotals.MonthOf"/>), or null.</summary>
    private static int? Date(ReadOnlySpan<char> text) =>
        text.Length == 8 && int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && int.TryParse(text[4..6], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
        && int.TryParse(text[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31
            ? SieTotals.MonthOf(year, month) : null;

    /// <summary>yyyyMM as a month number, or null.</summary>
    private static int? Period(ReadOnlySpan<char> text) =>
        text.Length == 6 && int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && int.TryParse(text[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            ? SieTotals.MonthOf(year, month) : null;

    /// <summary>
    /// A month of a year the suite keeps (<see cref="DomainLimits.IsYear"/>), as JSON and CSV are held to; else the
    /// line is refused, so no figure of year 1997 or 9999 is stored.
    /// </summary>
    private bool InDomainYears(int line, string what, int month)
    {
        var year = month / 12;
        if (DomainLimits.IsYear(year))
        {
            return true;
        }
        _errors.Add(line, $"{what} is in {year}: {DomainLimits.YearProblem(year)}");
        return false;
    }

    /// <summary>
    /// An amount the suite can store exactly (<see cref="DomainLimits.AmountProblem(ReadOnlySpan{char}, out decimal)"/>:
    /// öre, below 10^15 kronor), so no sum of a file's rows overflows and nothing is rounded; else the line is refused.
    /// </summary>
    private bool InDomainLimits(int line, string label, ReadOnlySpan<char> text)
    {
        if (DomainLimits.AmountProblem(text, out _) is not { } problem)
        {
            return true;
        }
        _errors.Add(line, $"{label}'s amount {problem}, got '{InputLimits.Shorten(text.ToString())}'");
        return false;
    }

    private static bool Amount(ReadOnlySpan<char> text, out decimal amount) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);

    private void Checksum(int line, Encoding encoding)
    {
        if (_checksum is null)
        {
            _checksum = new SieChecksum(encoding);
            _checksumLine = line;
            return;
        }
        _checksumClosed = true;
        if (_fields.Count < 2 || !uint.TryParse(_fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var claimed))
        {
            _errors.Add(line, $"the closing #KSUMMA needs the check sum as a number, got '{Field(1)}'");
        }
        else if (claimed != _checksum.Value)
        {
            _errors.Add(line, $"#KSUMMA {claimed} does not match the file's contents (CRC-32 {_checksum.Value} over lines {_checksumLine}–{line}): the file was changed or damaged after it was written; nothing was imported");
        }
    }

    private void Brace(bool open, int line)
    {
        if (open)
        {
            if (!_inVoucher && _afterVoucher) _inVoucher = true;
            else if (_inVoucher) _errors.Add(line, $"a voucher's rows opened again before the one of line {_voucherLine} was closed with }}");
            else _errors.Add(line, "'{' opens a voucher's rows only right after its #VER");
            return;
        }
        if (!_inVoucher)
        {
            _errors.Add(line, "'}' closes no voucher");
            return;
        }
        _inVoucher = false;
        if (_voucherSum != 0)
        {
            _errors.Add(_voucherLine, $"voucher {_voucherName} does not balance: its #TRANS rows sum to {_voucherSum.ToString(CultureInfo.InvariantCulture)}, not 0");
        }
    }

    private void Voucher(int line)
    {
        if (_inVoucher)
        {
            _errors.Add(line, $"#VER inside the voucher of line {_voucherLine}, which was never closed with }}");
            _inVoucher = false;
        }
        _sawVoucher = true;
        _voucherLine = line;
        _voucherSum = 0;
        _voucherName = $"{Field(1)} {Field(2)}".Trim();
        if (_fields.Count < 4 || Date(_fields[3]) is not { } month)
        {
            _errors.Add(line, $"#VER needs a series, a number and a date (yyyyMMdd), got '{Field(3)}'");
            _voucherMonth = -1;
            return;
        }
        _voucherMonth = InDomainYears(line, $"the date of voucher {_voucherName}", month) ? month : -1;
    }

    /// <summary>#TRANS kontonr {objektlista} belopp [transdat] [transtext] [kvantitet] [sign]</summary>
    private void Transaction(int line)
    {
        if (!_inVoucher)
        {
            _errors.Add(line, "#TRANS outside a voucher: it belongs between the { and } after a #VER");
            return;
        }
        if (_fields.Count < 4 || _fields.ListCount(2) < 0 || !Amount(_fields[3], out var amount))
        {
            _errors.Add(line, $"#TRANS needs an account, an object list and an amount ('.' as decimal separator), got '{Field(3)}'");
            return;
        }
        if (!InDomainLimits(line, "#TRANS", _fields[3]))
        {
            return;
        }
        if (_fields.Count > 6 && _fields.ListCount(6) < 0 && _fields[6].Length > 0 && !Amount(_fields[6], out _))
        {
            _errors.Add(line, $"the quantity must be a number with '.' as decimal separator, got '{Field(6)}' (is the amount written with a space or a decimal comma?)");
            return;
        }
        _voucherSum += amount;
        var month = _fields.Count > 4 && _fields.ListCount(4) < 0 && Date(_fields[4]) is { } date
            ? InDomainYears(line, "the #TRANS row's date", date) ? date : -1
            : _voucherMonth;
        if (month < 0)
        {
            return; // the #VER's date was reported
        }
        var account = Account(_fields[1]);
        var year = YearOf(month);
        if (year is null)
        {
            _errors.Add(line, $"the date ({month / 12}-{month % 12 + 1:00}) is in none of the years #RAR gives");
            return;
        }
        _transactions[(year.Value, account)] = _transactions.GetValueOrDefault((year.Value, account)) + amount;
        if (_objectClosing.Count > 0 || _objectOpening.Count > 0)
        {
            ObjectTransaction(year.Value, account, amount);
        }
        if (Kind("#TRANS", account, amount) is not { } kind)
        {
            return;
        }
        var (activity, unit) = Place(line, "#TRANS", 2);
        if (activity is not null)
        {
            _totals.Add(line, SieSource.Transactions, month, activity, unit, kind, amount, isBudget: false);
        }
    }

    /// <summary>#PSALDO/#PBUDGET årsnr period kontonr {objektlista} saldo [kvantitet]</summary>
    private void PeriodBalance(string label, int line)
    {
        if (_fields.Count < 6 || _fields.ListCount(4) < 0)
        {
            _errors.Add(line, $"{label} needs a year number, a period (yyyyMM), an account, an object list in braces and an amount");
            return;
        }
        if (!int.TryParse(_fields[1], out var year))
        {
            _errors.Add(line, $"the year number must be 0, -1, …, got '{Field(1)}'");
            return;
        }
        if (Period(_fields[2]) is not { } month)
        {
            _errors.Add(line, $"the period must be yyyyMM, got '{Field(2)}'");
            return;
        }
        if (!Amount(_fields[5], out var amount))
        {
            _errors.Add(line, $"the amount must be a number with '.' as decimal separator, got '{Field(5)}'");
            return;
        }
        if (!InDomainLimits(line, label, _fields[5]))
        {
            return;
        }
        if (_fields.Count > 6 && !Amount(_fields[6], out _))
        {
            // "-379 000,00" would otherwise read as the amount -379 and a quantity: refused, not summed.
            _errors.Add(line, $"the quantity must be a number with '.' as decimal separator, got '{Field(6)}' (is the amount written with a space or a decimal comma?)");
            return;
        }
        var account = Account(_fields[3]);
        if (_years.Count > 0 && (!_years.TryGetValue(year, out var range) || month < range.First || month > range.Last))
        {
            // Some systems (Visma Avendo) write another year's budget on this year's months; which year it means is not said.
            _summary.Ignored(label, "its period is not in the year its year number has in #RAR");
            return;
        }
        if (!InDomainYears(line, $"{label}'s period", month))
        {
            return;
        }
        var budget = label == "#PBUDGET";
        var objects = _fields.ListCount(4);
        if (objects == 0 && !budget)
        {
            _accountTotals[(year, account)] = _accountTotals.GetValueOrDefault((year, account)) + amount;
            _lastTotalMonth[year] = Math.Max(_lastTotalMonth.GetValueOrDefault(year, int.MinValue), month);
        }
        if (Kind(label, account, amount) is not { } kind)
        {
            return;
        }
        SieSource source;
        string? activity = null, unit = "";
        if (objects == 0)
        {
            source = SieSource.AccountTotals;
            activity = _mapping.DefaultActivity.Length > 0 ? _mapping.DefaultActivity : null;
            if (activity is null)
            {
                _summary.Ignored(label, "an account total over all objects ({}), and the mapping has no default activity");
                return;
            }
        }
        else
        {
            // Which dimensions the list names, counted without allocating: it is one of the two shapes, or another breakdown.
            int activityItems = 0, unitItems = 0, otherItems = 0;
            for (var i = 0; i + 1 < objects; i += 2)
            {
                var d = int.TryParse(_fields.ListItem(4, i), out var n) ? n : -1;
                if (d == _mapping.ActivityDimension) activityItems++;
                else if (d == _mapping.UnitDimension && _mapping.UnitDimension > 0) unitItems++;
                else otherItems++;
            }
            var isActivity = activityItems == 1 && unitItems == 0 && otherItems == 0;
            var isActivityAndUnit = activityItems == 1 && unitItems == 1 && otherItems == 0;
            if (!isActivity && !isActivityAndUnit)
            {
                NoteObjects(line, 4);
                var dimensions = Enumerable.Range(0, objects / 2).Select(i => _fields.ListItem(4, 2 * i).ToString()).Distinct().Order();
                _summary.Ignored(label, $"objects of dimension {string.Join(" and ", dimensions)}: not the mapping's activity (and unit) dimensions, another breakdown of the same amounts");
                return;
            }
            source = isActivity ? SieSource.ActivityBalances : SieSource.ActivityAndUnitBalances;
            (activity, unit) = Place(line, label, 4);
            if (activity is null)
            {
                return;
            }
        }
        _totals.Add(line, source, month, activity, unit, kind, amount, budget);
    }

    /// <summary>#IB/#UB/#RES årsnr kontonr saldo: kept for the consistency checks; SIE 1 takes its figures from #RES.</summary>
    private void YearBalance(string label, int line)
    {
        if (_fields.Count < 4 || !int.TryParse(_fields[1], out var year) || !Amount(_fields[3], out var amount))
        {
            _errors.Add(line, $"{label} needs a year number, an account and an amount ('.' as decimal separator)");
            return;
        }
        if (!InDomainLimits(line, label, _fields[3]))
        {
            return;
        }
        var account = Account(_fields[2]);
        var key = (year, account);
        switch (label)
        {
            case "#IB": _opening[key] = amount; break;
            case "#UB": _closing[key] = (amount, line); break;
            default: _results[key] = (amount, line); break;
        }
    }

    /// <summary>
    /// #OIB/#OUB årsnr kontonr {dimension "objekt"} saldo [kvantitet]: an object's opening and closing balance of a
    /// balance-sheet account, never a figure; kept to hold #OUB against #OIB plus the #TRANS rows naming the object.
    /// </summary>
    private void ObjectBalance(string label, int line)
    {
        if (_fields.Count < 5 || _fields.ListCount(3) != 2 || !int.TryParse(_fields[1], out var year)
            || !int.TryParse(_fields.ListItem(3, 0), out var dimension) || !Amount(_fields[4], out var amount))
        {
            _errors.Add(line, $"{label} needs a year number, an account, one object in braces ({{dimension \"object\"}}) and an amount ('.' as decimal separator)");
            return;
        }
        if (!InDomainLimits(line, label, _fields[4]))
        {
            return;
        }
        if (_sawVoucher)
        {
            // The specification puts balances before the vouchers; the #TRANS already read were not summed per object.
            _objectBalancesAfterVouchers++;
            return;
        }
        var key = (year, Account(_fields[2]), dimension, _fields.ListItem(3, 1).ToString());
        if (label == "#OIB") _objectOpening[key] = amount;
        else _objectClosing[key] = (amount, line);
    }

    private void ObjectTransaction(int year, string account, decimal amount)
    {
        for (var i = 0; i + 1 < _fields.ListCount(2); i += 2)
        {
            if (!int.TryParse(_fields.ListItem(2, i), out var dimension)) continue;
            var key = (year, account, dimension, Pooled(dimension, _fields.ListItem(2, i + 1)));
            if (_objectClosing.ContainsKey(key) || _objectOpening.ContainsKey(key))
            {
                _objectTransactions[key] = _objectTransactions.GetValueOrDefault(key) + amount;
            }
        }
    }

    /// <summary>What the mapping makes of an account; null (counted as ignored, with why) when it is left out.</summary>
    private AccountKind? Kind(string label, string account, decimal amount)
    {
        if (!int.TryParse(account, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            _summary.Ignored(label, "the account is not a number (no account range can hold it)");
            return null;
        }
        switch (_mapping.KindOf(number))
        {
            case null:
                _summary.Ignored(label, "the account is in none of the mapping's account ranges (balance sheet, or not a result account)");
                return null;
            case AccountKind.Ignore:
                _summary.Ignored(label, "the account is in a range the mapping ignores");
                return null;
            case AccountKind.Internal:
                _internal += label == "#PBUDGET" ? 0 : amount;
                _summary.Ignored(label, "an internal account: eliminated, left out of the figures (their sum is in the answer)");
                return null;
            case var kind:
                return kind;
        }
    }

    /// <summary>The activity and unit of an object list by the mapping; activity null (counted as ignored) when it has none.</summary>
    private (string? Activity, string Unit) Place(int line, string label, int list)
    {
        NoteObjects(line, list);
        string? activityObject = null, unitObject = null;
        for (var i = 0; i + 1 < _fields.ListCount(list); i += 2)
        {
            if (!int.TryParse(_fields.ListItem(list, i), out var dimension)) continue;
            if (dimension == _mapping.ActivityDimension) activityObject = Pooled(dimension, _fields.ListItem(list, i + 1));
            else if (dimension == _mapping.UnitDimension && _mapping.UnitDimension > 0) unitObject = Pooled(dimension, _fields.ListItem(list, i + 1));
        }
        string? activity;
        if (activityObject is null)
        {
            activity = _mapping.DefaultActivity.Length > 0 ? _mapping.DefaultActivity : null;
            if (activity is null)
            {
                _summary.Ignored(label, $"no object of the activity dimension {_mapping.ActivityDimension}, and the mapping has no default activity");
                return (null, "");
            }
        }
        else if ((activity = _mapping.ActivityOf(activityObject)) is null)
        {
            _summary.Ignored(label, $"an object of dimension {_mapping.ActivityDimension} the mapping does not list as an activity");
            return (null, "");
        }
        var unit = unitObject is null ? "" : _mapping.UnitOf(unitObject) ?? "";
        if (activity.Length > 32 || unit.Length > 32)
        {
            _errors.Add(line, $"activity '{activity}' / unit '{unit}': a code has at most 32 characters");
            return (null, "");
        }
        return (activity, unit);
    }

    /// <summary>An object code as the one string <see cref="NoteObjects"/> keeps for it.</summary>
    private string Pooled(int dimension, ReadOnlySpan<char> code) =>
        Objects(dimension).GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code, out var pooled) ? pooled : code.ToString();

    /// <summary>Remembers the objects a list names, for the answer to a file that maps to nothing.</summary>
    private void NoteObjects(int line, int list)
    {
        var count = _fields.ListCount(list);
        if (count % 2 != 0)
        {
            _errors.Add(line, "object list: every dimension needs an object code");
            return;
        }
        for (var i = 0; i < count; i += 2)
        {
            if (!int.TryParse(_fields.ListItem(list, i), out var dimension))
            {
                _errors.Add(line, $"object list: '{_fields.ListItem(list, i)}' is not a dimension number");
                continue;
            }
            var codes = Objects(dimension);
            if (codes.Count < 100_000 && !codes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(_fields.ListItem(list, i + 1)))
            {
                codes.Add(_fields.ListItem(list, i + 1).ToString());
            }
        }
    }

    private int? YearOf(int month)
    {
        if (_years.Count == 0)
        {
            return month / 12; // no #RAR: calendar years
        }
        foreach (var (index, (first, last)) in _years)
        {
            if (month >= first && month <= last) return index;
        }
        return null;
    }

    public ImportBatch Finish(int lines)
    {
        if (lines == 0)
        {
            throw new ValidationFailedException("content", "the file is empty");
        }
        if (!_sawType)
        {
            _errors.Add(1, "not an SIE file: #SIETYP is missing");
        }
        if (_inVoucher)
        {
            _errors.Add(_voucherLine, $"the file ends inside voucher {_voucherName} (no closing }}): it was cut short; nothing was imported");
        }
        if (_checksum is not null && !_checksumClosed)
        {
            _errors.Add(_checksumLine, "the file ends before its closing #KSUMMA: it was cut short; nothing was imported");
        }
        CheckResults();
        var resultsAreFigures = _totals.Chosen(budget: false) is null && _totals.Chosen(budget: true) is null && _mapping.DefaultActivity.Length > 0;
        if (resultsAreFigures)
        {
            // SIE 1 (and any file without period balances or vouchers): the year's result per account, as helår.
            foreach (var ((year, account), (amount, line)) in _results)
            {
                if (!_years.TryGetValue(year, out var range))
                {
                    _summary.Ignored("#RES", "its year number is in no #RAR, so its months are not known");
                }
                else if (Kind("#RES", account, amount) is { } kind)
                {
                    _totals.AddYearResult(line, range.Last, _mapping.DefaultActivity, kind, amount);
                }
            }
        }
        else
        {
            _summary.Ignored("#RES", "the year's result per account: the figures come from vouchers or period balances, and the year has none complete to check it against",
                _results.Keys.Count(k => !_resultsChecked.Contains(k)));
        }
        CountSources();
        _errors.ThrowIfAny();
        if (mapping is null || _summary.MappedCount == 0)
        {
            throw new ValidationFailedException(NothingMapped());
        }
        var years = _years.Count > 0
            ? _years.Values.ToList()
            : Enumerable.Range(0, 10_000).Select(y => (SieTotals.MonthOf(y, 1), SieTotals.MonthOf(y, 12))).ToList();
        var batch = new ImportBatch { Lines = lines }.WithFigures(_totals.Figures(years), partial: true);
        batch.Summary = _summary;
        if (_internal != 0)
        {
            _summary.Ignored("internal accounts", $"their booked sum {_internal.ToString(CultureInfo.InvariantCulture)} is not in the figures");
        }
        return batch;
    }

    /// <summary>Full-year totals against #RES and #UB, for every year the file has vouchers or complete account totals of.</summary>
    private void CheckResults()
    {
        // Balances are held against the vouchers of a year the file gives #RES of: an import file (SIE 4I, Fortnox)
        // carries a selection of vouchers beside the ledger's #UB, which they do not add up to.
        var yearsWithTransactions = _transactions.Keys.Select(k => k.Year).Where(y => _results.Keys.Any(r => r.Year == y)).ToHashSet();
        foreach (var year in _results.Keys.Select(k => k.Year).Distinct())
        {
            var hasTransactions = _transactions.Keys.Any(k => k.Year == year);
            var complete = _years.TryGetValue(year, out var range) && _lastTotalMonth.GetValueOrDefault(year, int.MinValue) == range.Last;
            if (!hasTransactions && !complete)
            {
                continue;
            }
            var sums = hasTransactions ? _transactions : _accountTotals;
            var what = hasTransactions ? "the year's #TRANS rows" : "the year's #PSALDO account totals ({})";
            // A balance export of chosen objects (Visma Avendo's objektsaldo) has no account totals of some
            // accounts at all; only accounts it gives totals of can be held against #RES.
            foreach (var ((y, account), (amount, line)) in _results.Where(r => r.Key.Year == year && (hasTransactions || _accountTotals.ContainsKey(r.Key))))
            {
                var sum = sums.GetValueOrDefault((y, account));
                if (sum != amount)
                {
                    _errors.Add(line, $"#RES {y} {account} is {amount.ToString(CultureInfo.InvariantCulture)}, {what} sum to {sum.ToString(CultureInfo.InvariantCulture)}: the file is incomplete or inconsistent");
                }
                _resultsChecked.Add((y, account));
                _summary.Checked("#RES", $"equals {what} of its account");
            }
            if (hasTransactions)
            {
                foreach (var ((y, account), (amount, line)) in _closing.Where(c => c.Key.Year == year))
                {
                    var sum = _opening.GetValueOrDefault((y, account)) + _transactions.GetValueOrDefault((y, account));
                    if (sum != amount)
                    {
                        _errors.Add(line, $"#UB {y} {account} is {amount.ToString(CultureInfo.InvariantCulture)}, #IB plus the year's #TRANS rows is {sum.ToString(CultureInfo.InvariantCulture)}: the file is incomplete or inconsistent");
                    }
                    _summary.Checked("#UB", "equals #IB plus the year's #TRANS rows of its account");
                }
            }
        }
        var openingChecked = _opening.Keys.Count(k => yearsWithTransactions.Contains(k.Year) && _closing.ContainsKey(k));
        _summary.Checked("#IB", "the opening side of the #UB check", openingChecked);
        _summary.Ignored("#IB", "a balance-sheet opening balance, not a committee's result; no #UB of a year with vouchers and #RES to check it with",
            _opening.Count - openingChecked);
        _summary.Ignored("#UB", "a balance-sheet closing balance, not a committee's result; the year has no vouchers and #RES to check it against",
            _closing.Keys.Count(k => !yearsWithTransactions.Contains(k.Year)));
        CheckObjectBalances(yearsWithTransactions);
    }

    /// <summary>Each #OUB of a year with vouchers against #OIB plus the #TRANS rows naming its object.</summary>
    private void CheckObjectBalances(HashSet<int> yearsWithTransactions)
    {
        foreach (var (key, (amount, line)) in _objectClosing.Where(c => yearsWithTransactions.Contains(c.Key.Year)))
        {
            var sum = _objectOpening.GetValueOrDefault(key) + _objectTransactions.GetValueOrDefault(key);
            if (sum != amount)
            {
                _errors.Add(line, $"#OUB {key.Year} {key.Account} {{{key.Dimension} \"{key.Code}\"}} is {amount.ToString(CultureInfo.InvariantCulture)}, #OIB plus the year's #TRANS rows of that object is {sum.ToString(CultureInfo.InvariantCulture)}: the file is incomplete or inconsistent");
            }
        }
        const string notResult = "an object's balance-sheet balance, not a committee's result";
        _summary.Checked("#OUB", "equals #OIB plus the year's #TRANS rows of its account and object", _objectClosing.Keys.Count(k => yearsWithTransactions.Contains(k.Year)));
        _summary.Checked("#OIB", "the opening side of the #OUB check", _objectOpening.Keys.Count(k => yearsWithTransactions.Contains(k.Year)));
        _summary.Ignored("#OUB", $"{notResult}; the year has no vouchers and #RES to check it against", _objectClosing.Keys.Count(k => !yearsWithTransactions.Contains(k.Year)));
        _summary.Ignored("#OIB", $"{notResult}; the year has no vouchers and #RES to check it with", _objectOpening.Keys.Count(k => !yearsWithTransactions.Contains(k.Year)));
        _summary.Ignored("#OIB/#OUB", $"{notResult}; written after the vouchers, where the specification does not put it, so not checked", _objectBalancesAfterVouchers);
    }

    /// <summary>Which source's records became figures, and why the others did not.</summary>
    private void CountSources()
    {
        foreach (var budget in new[] { false, true })
        {
            var chosen = _totals.Chosen(budget);
            foreach (var source in Enum.GetValues<SieSource>())
            {
                var count = _totals.Lines(source, budget);
                if (count == 0) continue;
                var label = source switch { SieSource.Transactions => "#TRANS", SieSource.YearResults => "#RES", _ => budget ? "#PBUDGET" : "#PSALDO" };
                var used = source == chosen || (source == SieSource.ActivityAndUnitBalances && chosen == SieSource.ActivityBalances);
                if (used) _summary.Mapped(label, Into(source), count);
                else _summary.Ignored(label, $"{Into(source)}: the same amounts as the {Into(chosen!.Value)} used", count);
            }
        }
    }

    private static string Into(SieSource source) => source switch
    {
        SieSource.Transactions => "vouchers' transactions",
        SieSource.ActivityAndUnitBalances => "period balances per activity and unit",
        SieSource.ActivityBalances => "period balances per activity",
        SieSource.AccountTotals => "account totals on the default activity",
        _ => "year results on the default activity",
    };

    /// <summary>The answer to a file whose records map to nothing: what it has, and what the mapping asked for.</summary>
    private List<FieldViolation> NothingMapped()
    {
        var dimensions = _dimensions.Keys.Union(_objects.Keys).Order().Select(d =>
        {
            var codes = _objects.GetValueOrDefault(d) ?? [];
            var sample = string.Join(", ", codes.Order(StringComparer.Ordinal).Take(10)) + (codes.Count > 10 ? ", …" : "");
            return $"{d} {(_dimensions.TryGetValue(d, out var name) ? $"\"{name}\"" : "(no #DIM)")} with {codes.Count} objects{(codes.Count > 0 ? $" ({sample})" : "")}";
        }).ToList();
        var numbers = _accounts.Select(a => int.TryParse(a, out var n) ? n : (int?)null).OfType<int>().Order().ToList();
        var violations = new List<FieldViolation>
        {
            new("content", mapping is null
                ? "no ledger mapping is set for this committee or its municipality: set one (SetMunicipalityLedgerMapping or SetCommitteeLedgerMapping) naming the dimension that holds activities; nothing was imported"
                : $"no record of the file maps to an activity with the mapping ({_mapping.Describe()}); nothing was imported"),
            new("dimensions", dimensions.Count == 0 ? "the file has no dimensions or objects (map it with a default activity)" : "the file has dimension " + string.Join("; ", dimensions)),
            new("accounts", numbers.Count == 0 ? "the file has no accounts" : $"the file has {numbers.Count} accounts, {numbers[0]}–{numbers[^1]}, {numbers.Count(n => _mapping.KindOf(n) is AccountKind.Cost or AccountKind.Income)} of them in the mapping's cost or income ranges"),
        };
        violations.AddRange(_summary.IgnoredCounts.Take(20).Select(c => new FieldViolation("ignored", $"{c.Count} {c.Kind}: {c.Reason}")));
        return violations;
    }
}
