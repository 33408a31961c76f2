using System.Globalization;

namespace NamndFollowUp.SharedKernel;

/// <summary>
/// What the suite accepts as data, said once: every way in (gRPC and REST requests, the economy CSV and SIE files,
/// planning's JSON import, Kolada files, key-figure inputs) checks against these, so nothing out of range is
/// stored and no stored value can break a later read or sum. docs/api.md ("Limits") states the same numbers.
/// </summary>
public static class DomainLimits
{
    /// <summary>
    /// Kronor and öre: a ledger books to the öre and no finer, so a third decimal is a mistake (or a value that
    /// could only be stored rounded), not a precision to keep.
    /// </summary>
    public const int AmountScale = 2;

    /// <summary>
    /// Whole-kronor digits: |amount| &lt; 10^15 kronor. Sweden's GDP is about 6·10^12 kronor and Stockholm's
    /// yearly budget about 6·10^10, so no municipal figure comes near; and a sum of a billion such amounts
    /// (10^24) stays far below decimal's 7.9·10^28, so no total, result or ratio of stored amounts overflows.
    /// </summary>
    public const int AmountIntegerDigits = 15;

    public static readonly decimal AmountBound = 1_000_000_000_000_000m;

    /// <summary>
    /// Kolada's published statistics (ratios, shares, per-inhabitant costs) carry a few decimals; six keep every
    /// value Kolada publishes while refusing a number that could only be stored rounded.
    /// </summary>
    public const int StatisticScale = 6;

    /// <summary>The years a follow-up period may have, in requests, CSV, SIE and Kolada files alike.</summary>
    public const int YearMin = 2000;
    public const int YearMax = 2100;

    /// <summary>A municipality's SCB code: four digits (Uppsala 0380), the columns are 4 wide.</summary>
    public const int MunicipalityCodeLength = 4;

    /// <summary>Codes: committees, activities, units, layouts, definitions, rounds (the columns are 32 wide).</summary>
    public const int CodeMaxLength = 32;

    /// <summary>Names and titles of one line: areas, units, forecasts, key figures (the columns are 200 wide).</summary>
    public const int NameMaxLength = 200;

    /// <summary>Narratives, comments, answers: about eight printed pages, more than any section of the seed.</summary>
    public const int TextMaxLength = 20_000;

    /// <summary>A key figure's formula: the seed's longest is under 60 characters.</summary>
    public const int FormulaMaxLength = 1_000;

    /// <summary>
    /// How deep a formula may nest (parentheses and unary signs): the parser is recursive, so an unbounded depth
    /// would overflow the service's stack; real formulas nest two or three deep.
    /// </summary>
    public const int FormulaMaxDepth = 32;

    /// <summary>
    /// Kolada's KPI ids: one capital letter and five digits (N17473, U28507). Checked wherever one comes in, so
    /// a megabyte "id" is refused at the door instead of being stored or compared.
    /// </summary>
    public static bool IsKoladaKpiId(ReadOnlySpan<char> value) =>
        value.Length == 6 && char.IsAsciiLetterUpper(value[0]) && value[1..].ContainsOnlyAsciiDigits();

    private static bool ContainsOnlyAsciiDigits(this ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Codes are letters (å, ä, ö included), digits and - _ . / : no spaces, no punctuation that a CSV, a URL path
    /// or a SIE line would read differently. Returns why a code is refused, or null.
    /// </summary>
    public static string? CodeProblem(ReadOnlySpan<char> code)
    {
        if (code.Length > CodeMaxLength)
        {
            return $"is longer than {CodeMaxLength} characters ({code.Length})";
        }
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (!(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
            {
                return $"may hold only letters, digits and - _ . /, but has {Describe(c)} at position {i + 1}";
            }
        }
        return null;
    }

    /// <summary>
    /// Why a text cannot be stored as it is, or null. PostgreSQL's text cannot hold NUL (U+0000); other control
    /// characters and lone surrogates are never meant and would be shown as garbage in Bilaga 1 or break a CSV.
    /// Line breaks and tabs are allowed where the text is <paramref name="multiline"/>.
    /// </summary>
    public static string? TextProblem(ReadOnlySpan<char> text, bool multiline, int maxLength)
    {
        if (text.Length > maxLength)
        {
            return $"is longer than {maxLength} characters ({text.Length})";
        }
        return CharacterProblem(text, multiline);
    }

    /// <summary>The first character that no text may hold (see <see cref="TextProblem"/>), or null.</summary>
    public static string? CharacterProblem(ReadOnlySpan<char> text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return $"has the control character {Describe(c)} at position {i + 1}";
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return $"has a lone UTF-16 surrogate {Describe(c)} at position {i + 1} (not a character)";
            }
        }
        return null;
    }

    /// <summary>
    /// An amount as written (an invariant-culture decimal string, '.' as separator, optional leading sign):
    /// refused, never rounded, when it has more than <see cref="AmountScale"/> decimals (trailing zeros aside)
    /// or |amount| ≥ 10^15. Returns why, or null with the exact value.
    /// </summary>
    public static string? AmountProblem(ReadOnlySpan<char> text, out decimal amount) => AmountProblem(text, AmountScale, out amount);

    /// <summary>As <see cref="AmountProblem(ReadOnlySpan{char}, out decimal)"/> with another number of decimals.</summary>
    public static string? AmountProblem(ReadOnlySpan<char> text, int scale, out decimal amount)
    {
        amount = 0;
        var s = text;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            s = s[1..];
        }
        var point = s.IndexOf('.');
        var whole = point < 0 ? s : s[..point];
        var fraction = point < 0 ? ReadOnlySpan<char>.Empty : s[(point + 1)..];
        if (whole.Length + fraction.Length == 0 || !whole.ContainsOnlyAsciiDigits() || !fraction.ContainsOnlyAsciiDigits())
        {
            return "must be a decimal number with '.' as decimal separator (e.g. -1234.50)";
        }
        fraction = fraction.TrimEnd('0');
        if (fraction.Length > scale)
        {
            return $"has {fraction.Length} decimals; at most {scale}{(scale == AmountScale ? " (öre)" : "")} are kept, and a value is never rounded";
        }
        if (whole.TrimStart('0').Length > AmountIntegerDigits)
        {
            return $"is out of range: at most {AmountIntegerDigits} digits before the decimal point (|amount| < 10^{AmountIntegerDigits})";
        }
        amount = decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>Why a number that is already a decimal (e.g. read from JSON) cannot be stored as an amount, or null.</summary>
    public static string? AmountProblem(decimal amount) =>
        amount.Scale > AmountScale && decimal.Round(amount, AmountScale) != amount
            ? $"has more than {AmountScale} decimals ({amount.ToString(CultureInfo.InvariantCulture)}); a value is never rounded"
            : Math.Abs(amount) >= AmountBound
                ? $"is out of range: |amount| must be below 10^{AmountIntegerDigits}"
                : null;

    public static bool IsYear(int year) => year is >= YearMin and <= YearMax;

    public static string YearProblem(int year) => $"must be a year between {YearMin} and {YearMax}, got {year}";

    private static string Describe(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}' (U+{(int)c:X4})";
}
