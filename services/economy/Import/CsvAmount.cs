using System.Globalization;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// An amount as a spreadsheet writes it: '.' or ',' as the decimal separator (a Swedish Excel writes
/// "-247200000,50"), digits grouped by threes with a space or a no-break space when the cell was formatted so
/// ("-247 200 000,50"). Both separators in one amount ("1.234,50", "1,234.50") are refused: which one is the
/// decimal separator cannot be told for certain, and a guess could move the amount a thousandfold.
/// </summary>
public static class CsvAmount
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <param name="commaSeparated">
    /// The file separates its fields with ','. Then a ',' inside an (quoted) amount is refused: an English Excel
    /// writes "1,234" for one thousand two hundred thirty-four, a Swedish one for 1.234.
    /// </param>
    public static bool TryParse(ReadOnlySpan<char> text, bool commaSeparated, out decimal amount, out string? problem)
    {
        problem = null;
        if (decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out amount))
        {
            return true; // the common case: no grouping, '.' or no decimals
        }
        var hasPoint = text.Contains('.');
        var hasComma = text.Contains(',');
        if (hasComma && commaSeparated)
        {
            problem = "has a ',' in a comma-separated file, where it could be a thousands separator or a decimal comma: write amounts with '.' as decimal separator, or save the file with ';'";
            return false;
        }
        if (hasPoint && hasComma)
        {
            problem = "has both '.' and ',': write the amount without thousands separators, with one decimal separator";
            return false;
        }
        Span<char> plain = stackalloc char[text.Length];
        var length = 0;
        var digitsSinceGroup = -1; // -1: no group separator seen yet
        var integerDigits = 0;
        var inFraction = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\u00A0' or '\u202F')
            {
                // A group separator must follow 1–3 digits (the first group) or exactly 3, and be followed by a digit.
                if (inFraction || integerDigits == 0 || (digitsSinceGroup >= 0 ? digitsSinceGroup != 3 : integerDigits > 3)
                    || i + 1 >= text.Length || !char.IsAsciiDigit(text[i + 1]))
                {
                    problem = "has a space that does not separate groups of three digits";
                    return false;
                }
                digitsSinceGroup = 0;
                continue;
            }
            if (c is ',' or '.')
            {
                if (digitsSinceGroup is >= 0 and not 3)
                {
                    problem = "has a space that does not separate groups of three digits";
                    return false;
                }
                inFraction = true;
                plain[length++] = '.';
                continue;
            }
            if (char.IsAsciiDigit(c) && !inFraction)
            {
                integerDigits++;
                if (digitsSinceGroup >= 0)
                {
                    digitsSinceGroup++;
                }
            }
            plain[length++] = c;
        }
        if (digitsSinceGroup is >= 0 and not 3 && !inFraction)
        {
            problem = "has a space that does not separate groups of three digits";
            return false;
        }
        if (decimal.TryParse(plain[..length], Style, CultureInfo.InvariantCulture, out amount))
        {
            return true;
        }
        problem = null;
        return false;
    }
}
