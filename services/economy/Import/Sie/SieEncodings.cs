using System.Text;

namespace NamndFollowUp.Economy.Import.Sie;

/// <summary>The encodings an SIE file may be in: CP437 ("PC8", the specification's) and UTF-8 (newer exports).</summary>
public static class SieEncodings
{
    public static readonly Encoding Cp437 = CodePage(437);

    /// <summary>Invalid bytes become U+FFFD rather than failing the line: a wrongly declared file shows as garbled names, not as lost figures.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>CP437 is not built into .NET; the code pages provider brings it.</summary>
    private static Encoding CodePage(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    /// <summary>The encoding #FORMAT names, or null when it names none we read.</summary>
    public static Encoding? FromFormat(ReadOnlySpan<char> format) =>
        format.Equals("PC8", StringComparison.OrdinalIgnoreCase) ? Cp437
        : format.Equals("UTF8", StringComparison.OrdinalIgnoreCase) || format.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) ? Utf8
        : null;
}
