using System.Text;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// The economy CSV as a Swedish Excel saves it ("CSV (semikolonavgränsad)": ';', decimal comma, Windows-1252,
/// CRLF, empty rows as lines of separators, amounts grouped by no-break spaces when the cells were formatted so),
/// as an English Excel saves it (',', '.', UTF-8 with a byte order mark), and as our own files are written. The
/// streams hand out a few bytes per read, so a character's bytes are split between reads.
/// </summary>
public sealed class SpreadsheetCsvTests
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    // Lines 1–5 of one ledger, written three ways. Budget of unit ÅBY in kronor: 1 234 567,50 (costs 4010);
    // actual 1 000 000,25 costs (4010) and −250 000,75 income (3010).
    private const string Machine = "record;period;activity;unit;account;amount;kind\n"
        + "narrative;2024-helår;summary;Nämnden håller budgeten.\n"
        + "ledger;2024-helår;5731;ÅBY;4010;1234567.50;budget\n"
        + "ledger;2024-helår;5731;ÅBY;4010;1000000.25;actual\n"
        + "ledger;2024-helår;5731;ÅBY;3010;-250000.75;actual\n";

    private static readonly string SwedishExcel = "record;period;activity;unit;account;amount;kind\r\n"
        + "narrative;2024-helår;summary;Nämnden håller budgeten.;;;\r\n"
        + "ledger;2024-helår;5731;ÅBY;4010;1\u00A0234\u00A0567,50;budget\r\n"
        + ";;;;;;\r\n"
        + "ledger;2024-helår;5731;ÅBY;4010;1000000,25;actual\r\n"
        + "ledger;2024-helår;5731;ÅBY;3010;-250000,75;actual\r\n"
        + ";;;;;;\r\n";

    private const string EnglishExcel = "record,period,activity,unit,account,amount,kind\r\n"
        + "narrative,2024-helår,summary,\"Nämnden håller budgeten, i år.\"\r\n"
        + "ledger,2024-helår,5731,ÅBY,4010,1234567.50,budget\r\n"
        + "ledger,2024-helår,5731,ÅBY,4010,1000000.25,actual\r\n"
        + "ledger,2024-helår,5731,ÅBY,3010,-250000.75,actual\r\n";

    private static Task<ImportBatch> Parse(byte[] bytes, Encoding? declared = null, int bytesPerRead = 3) =>
        CsvImport.ParseAsync(new TrickleStream(bytes, bytesPerRead), CancellationToken.None, declared);

    private static void AssertTheLedger(ImportBatch batch)
    {
        var unit = batch.Figures.Single(f => f.Unit == "ÅBY").Measures;
        // Costs 1 000 000,25; income 250 000,75; actual = income − costs; budget = −(budget amounts).
        Assert.Equal((1_000_000.25m, 250_000.75m, -749_999.50m, -1_234_567.50m), (unit.Costs, unit.Income, unit.Actual, unit.Budget));
        Assert.StartsWith("Nämnden håller budgeten", batch.Narratives.Single().Text);
    }

    [Fact]
    public async Task A_Swedish_Excel_file_in_Windows_1252_with_decimal_comma_and_grouped_amounts_reads_as_our_own_UTF_8_file()
    {
        var excel = Windows1252.GetBytes(SwedishExcel);
        Assert.Contains((byte)0xE4, excel);          // 'ä' as one byte,
        Assert.DoesNotContain((byte)0xC3, excel);    // never UTF-8's C3 A4

        AssertTheLedger(await Parse(Encoding.UTF8.GetBytes(Machine)));
        AssertTheLedger(await Parse(excel));                            // detected
        AssertTheLedger(await Parse(excel, CsvEncoding.For("windows-1252")));
        AssertTheLedger(await Parse(excel, bytesPerRead: 1));
    }

    [Fact]
    public async Task An_English_Excel_file_with_commas_and_a_byte_order_mark_reads_the_same()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(EnglishExcel)).ToArray();

        var batch = await Parse(bytes, bytesPerRead: 1); // 'ä' (C3 A4) and the BOM cut between reads

        AssertTheLedger(batch);
        Assert.Equal("Nämnden håller budgeten, i år.", batch.Narratives.Single().Text);
    }

    [Fact]
    public async Task A_file_that_mixes_UTF_8_and_Windows_1252_is_refused_naming_the_line()
    {
        // Line 2 is UTF-8 ('ä' as C3 A4), line 4 has a Windows-1252 'Å' (C5 followed by 'B': not UTF-8).
        var bytes = Encoding.UTF8.GetBytes(Machine.Replace("ledger;2024-helår;5731;ÅBY;4010;1234567.50;budget\n", ""))
            .Concat(Windows1252.GetBytes("ledger;2024-helår;5731;ÅBY;4010;1.00;actual\n")).ToArray();

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Parse(bytes));

        var violation = Assert.Single(e.Violations, v => v.Description.Contains("mixes encodings"));
        Assert.Equal("line 5", violation.Field);
    }

    [Fact]
    public async Task A_declared_charset_is_obeyed_and_an_unknown_one_refused()
    {
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Parse(Windows1252.GetBytes(SwedishExcel), CsvEncoding.For("utf-8")));
        Assert.Contains("utf-8", e.Violations[0].Description);
        Assert.Equal("line 2", e.Violations[0].Field);

        var unknown = Assert.Throws<ValidationFailedException>(() => CsvEncoding.For("utf-16"));
        Assert.Equal("content_type", unknown.Violations.Single().Field);
        Assert.Equal("windows-1252", CsvEncoding.Charset("text/csv; charset=windows-1252"));
        Assert.Null(CsvEncoding.Charset("text/csv"));
    }

    [Theory]
    [InlineData("1.234,50", "both '.' and ','")]
    [InlineData("1,234.50", "both '.' and ','")]
    [InlineData("12 34,50", "groups of three digits")]
    [InlineData("1 2345", "groups of three digits")]
    public async Task An_amount_whose_decimal_separator_cannot_be_told_is_refused_with_the_reason(string amount, string reason)
    {
        var csv = $"ledger;2024-helår;5731;ÅBY;4010;{amount};actual\n";

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Parse(Encoding.UTF8.GetBytes(csv)));

        var violation = Assert.Single(e.Violations);
        Assert.Equal("line 1", violation.Field);
        Assert.Contains(reason, violation.Description);
    }

    [Theory]
    [InlineData("-247 200 000,50", "-247200000.50")]
    [InlineData("-247\u00A0200\u00A0000.50", "-247200000.50")]
    [InlineData("12,5", "12.5")]
    [InlineData("999 000", "999000")]
    [InlineData("-0,25", "-0.25")]
    public void Amounts_are_read_with_either_decimal_separator_and_grouped_by_spaces(string text, string expected)
    {
        Assert.True(CsvAmount.TryParse(text, commaSeparated: false, out var amount, out var problem), problem);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Fact]
    public async Task In_a_comma_separated_file_a_comma_in_an_amount_is_refused_as_ambiguous()
    {
        var csv = "ledger,2024-helår,5731,ÅBY,4010,\"1,234\",actual\n";

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Parse(Encoding.UTF8.GetBytes(csv)));

        Assert.Contains("thousands separator or a decimal comma", Assert.Single(e.Violations).Description);
    }

    [Fact]
    public async Task A_file_whose_separator_cannot_be_told_is_refused()
    {
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Parse(Encoding.UTF8.GetBytes("# a comment\nledger\t2024-helår\t5731\n")));

        var violation = Assert.Single(e.Violations);
        Assert.Equal("line 2", violation.Field);
        Assert.Contains("separator", violation.Description);
    }

    private sealed class TrickleStream(byte[] content, int bytesPerRead) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, bytesPerRead)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, bytesPerRead), cancellationToken);
    }
}
