using System.IO.Compression;
using System.Text;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// The values requests are made of: ordinary ones the domain accepts (so that generated writes also get stored
/// and later reads meet them), boundary ones (limits of decimal, of years, of text lengths) and hostile ones
/// (NUL and control characters, megabyte strings, malformed numbers, invalid UTF-8, deep nesting).
/// </summary>
public static class Values
{
    public static readonly string[] DomainText =
    [
        "5731", "5732", "100", "550", "9990", "BOU-INST", "SOCF", "Barn- och ungdomsvård", "Klar", "Pågående", "leder till",
        "delvis", "KS", "KF", "care_days", "clients", "net_cost / care_days", "5731-1", "SCN-2025-00042", "2025-02-07",
        "detail", "summary", "activity_figures", "follow_ups", "2024-synpunktshantering", "N00001", "economy-2024.csv",
        "Nämnden följer upp.", "helårsprognos 202408",
    ];

    /// <summary>Text the issue names (NUL, control characters, 1 MB) and its relatives.</summary>
    public static readonly string[] HostileText =
    [
        "", " ", "\0", "5731\0", "\0SCN", "a\u0001b\u001fc", "line\r\nbreak", "\t", "\u007f", "\u0085", "\u2028",
        "\uFEFF5731", "\u202Eevil", "🙂", "\uFFFF", "é", "x'; DROP TABLE figures; --", "%00", "../../etc/passwd",
        "{{municipality_code}}", "$(reboot)", "NaN", "-0", "1e400",
        new string('9', 33), new string('x', 257), new string('å', 4_097), new string('k', 70_000), new string('K', 1_048_576),
        "((((((((((a))))))))))", new string('(', 5_000) + "a" + new string(')', 5_000), string.Concat(Enumerable.Repeat("a+", 20_000)) + "a",
        "1/0", "a/(b-b)", "care_days * 79228162514264337593543950335",
    ];

    /// <summary>Amounts as the contracts carry them (namnd.common.v1.Decimal's string).</summary>
    public static readonly string[] Amounts =
    [
        "0", "1", "-1", "1234.5", "-247200000", "0.01", "-5000000.50", "32380",
        "79228162514264337593543950335", "-79228162514264337593543950335", "79228162514264337593543950336",
        "7922816251426433759354395033.5", "0.0000000000000000000000000001", "1.0000000000000000000000000001",
        "0.00000000000000000000000000001", "99999999999999999", "999999999999999999999", "-0.000001",
        "", " ", "abc", "1,5", "1 000", "1e5", "NaN", "Infinity", "+1", "--1", "1.2.3", ".5", "5.", "0x10", "١٢٣",
        "5\0", "\0", "1\u00a0000", new string('9', 400),
    ];

    public static readonly long[] Years = [2024, 2023, 2025, 0, -1, 1, 1899, 1900, 2100, 9999, 10000, int.MaxValue, int.MinValue];

    public static readonly long[] Numbers = [0, 1, 2, 3, 12, 15, 33, -1, 255, 65536, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];

    /// <summary>Enum numbers nobody defined (the defined ones come from the descriptor).</summary>
    public static readonly long[] UnknownEnumNumbers = [-1, 15, 99, int.MaxValue, int.MinValue];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong NUL, a surrogate.</summary>
    public static readonly byte[][] InvalidUtf8 = [[0x80], [0x35, 0x37, 0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF, 0xFE, 0x00]];

    /// <summary>Files for the import RPCs: valid, cut, overflowing, with NUL, binary, gzip, SIE with trailing garbage.</summary>
    public static readonly byte[][] Files =
    [
        Utf8("report;2024-helår;helårsprognos 202408\nfigure;2024-helår;5731;;-1000;-900;;;;;;\n"),
        Utf8("figure;2024-helår;5731;;-1000;-900;;;;;;\n"),
        Utf8("figure;2024-helår;5731;;-10"),
        Utf8("figure;2024-helår;5731;;-1000\n"),
        Utf8("ledger;2024-helår;5731;;4010;79228162514264337593543950335;actual\nledger;2024-helår;5731;;4020;79228162514264337593543950335;actual\n"),
        Utf8("figure;2024-helår;5731;;0.0000000000000000000000000001;;;;;;;\n"),
        Utf8("narrative;2024-helår;summary;text\0with NUL\n"),
        Utf8("figure;2024-helår;5731\0;;-1000;-900;;;;;;\n"),
        Utf8("unit;X\0;Enhet;unit;\n"),
        Utf8("figure;10000-helår;5731;;-1000;-900;;;;;;\n"),
        Utf8("figure;0-01;5731;;-1000;-900;;;;;;\n"),
        Utf8("\"unterminated;quote\n"),
        Utf8("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#DIM 20 \"Verksamhet\"\n#OBJEKT 20 \"5731\" \"HVB\"\n#PSALDO 0 202412 4010 {20 \"5731\"} 1000.00\n"),
        Utf8("#FLAGGA 0\n#SIETYP 4\n#DIM 20 \"Verksamhet\"\n#OBJEKT 20 \"57\0\" \"HVB\"\n"),
        Utf8("#FLAGGA 0\n#SIETYP 4\n#PSALDO 0 202412 4010 {20 \"5731\"} 79228162514264337593543950335\n#PSALDO 0 202412 4010 {20 \"5731\"} 79228162514264337593543950335\n"),
        Utf8("#FLAGGA 0\n#SIETYP 4\n#DIM 20 \"Verksamhet\"\n\u0001\u0002garbage after the file\0\0"),
        [],
        [0x00, 0x00, 0x00, 0x00],
        [0xFF, 0xFE, 0xFD, 0x00, 0x80],
        Gzip(Utf8("figure;2024-helår;5731;;-1000;-900;;;;;;\n")),
        Utf8(string.Concat(Enumerable.Repeat("figure;2024-helår;5731;;-1;-1;;;;;;\n", 2_000))),
    ];

    private static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return memory.ToArray();
    }
}
