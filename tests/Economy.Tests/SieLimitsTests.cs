using System.Text;
using NamndFollowUp.Economy.Import.Sie;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// An SIE file is held to the domain's limits as JSON and CSV are (docs/api.md, "Limits"): what follows the file's
/// last record, years outside 2000–2100, and amounts that could only be stored rounded or that would overflow a
/// sum are refused on their line, and nothing of the file is imported.
/// </summary>
public sealed class SieLimitsTests
{
    /// <summary>docs/economy.md's worked example: 17 lines, imports as LedgerMappingExampleTests shows.</summary>
    private static readonly string Example = LedgerMappingExampleTests.Example.ReplaceLineEndings("\n") + "\n";

    private static ValidationFailedException Refused(string file) =>
        Assert.Throws<ValidationFailedException>(() => SieImport.Parse(Encoding.UTF8.GetBytes(file), LedgerMappingExampleTests.Mapping));

    private static int LineOf(string file, string text) => file[..file.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void The_example_itself_imports()
    {
        Assert.Equal(4, SieImport.Parse(Encoding.UTF8.GetBytes(Example), LedgerMappingExampleTests.Mapping).Figures.Count);
    }

    [Theory]
    [InlineData("\u0001garbage")]
    [InlineData("garbage after the file")]
    [InlineData("\u0001garbage\0")]
    public void Trailing_garbage_after_the_last_record_is_refused_naming_its_line(string garbage)
    {
        var lines = Example.Count(c => c == '\n');

        var e = Refused(Example + garbage);

        Assert.Contains(e.Violations, v => v.Field == $"line {lines + 1}");
    }

    [Fact]
    public void A_nul_right_after_the_valid_content_is_refused_naming_its_line()
    {
        // The example's 24th and last line is the second voucher's closing }; the NUL follows it on that line.
        var e = Refused(Example.TrimEnd('\n') + "\0");

        Assert.Contains(e.Violations, v => v.Field == "line 24" && v.Description.Contains("NUL"));
    }

    [Fact]
    public void A_control_character_inside_a_record_is_refused_naming_its_line()
    {
        var file = Example.Replace("\"Januari\"", "\"Jan\u0007uari\"", StringComparison.Ordinal);

        var e = Refused(file);

        Assert.Contains(e.Violations, v => v.Field == $"line {LineOf(file, "#VER A 1")}" && v.Description.Contains("U+0007"));
    }

    [Theory]
    [InlineData("20240101 20241231", "19990101 19991231", 1999)]
    [InlineData("20240101 20241231", "21010101 21011231", 2101)]
    public void A_fiscal_year_outside_the_domains_years_is_refused_naming_the_line(string from, string to, int year)
    {
        var file = Example.Replace($"#RAR 0 {from}", $"#RAR 0 {to}", StringComparison.Ordinal);

        var e = Refused(file);

        Assert.Contains(e.Violations, v => v.Field == $"line {LineOf(file, "#RAR 0")}"
            && v.Description == $"#RAR 0's first day is in {year}: must be a year between 2000 and 2100, got {year}");
    }

    [Fact]
    public void A_voucher_dated_outside_the_domains_years_is_refused_naming_the_line()
    {
        // No #RAR: the calendar years of the vouchers are the file's years.
        var file = Example.Replace("#RAR 0 20240101 20241231\n", "", StringComparison.Ordinal)
            .Replace("#VER A 2 20240229", "#VER A 2 99990229", StringComparison.Ordinal);

        var e = Refused(file);

        Assert.Contains(e.Violations, v => v.Field == $"line {LineOf(file, "#VER A 2")}" && v.Description.Contains("is in 9999: must be a year between 2000 and 2100"));
    }

    [Theory]
    [InlineData("10000.001", "3 decimals")]
    [InlineData("1000000000000000.00", "out of range")]
    [InlineData("79228162514264337593543950335", "out of range")]
    public void A_transaction_amount_the_ledger_cannot_hold_is_refused_not_rounded_or_summed(string amount, string reason)
    {
        // The voucher still balances, so the amount alone is refused.
        var file = Example.Replace("#TRANS 4010 {1 \"BOU1\" 20 \"5733\"} 10000.00", $"#TRANS 4010 {{1 \"BOU1\" 20 \"5733\"}} {amount}", StringComparison.Ordinal)
            .Replace("#TRANS 1930 {} -9300.00", $"#TRANS 1930 {{}} -{amount}\n#TRANS 1930 {{}} 700.00", StringComparison.Ordinal);

        var e = Refused(file);

        var line = LineOf(file, $"{{1 \"BOU1\" 20 \"5733\"}} {amount}");
        Assert.Contains(e.Violations, v => v.Field == $"line {line}" && v.Description.StartsWith("#TRANS's amount") && v.Description.Contains(reason));
    }

    [Fact]
    public void A_year_result_beyond_the_limit_is_refused_naming_the_line()
    {
        var file = Example.Replace("#RES 0 4910 500.00", "#RES 0 4910 5000000000000000.00", StringComparison.Ordinal);

        var e = Refused(file);

        Assert.Contains(e.Violations, v => v.Field == $"line {LineOf(file, "#RES 0 4910")}" && v.Description.StartsWith("#RES's amount is out of range"));
    }
}
