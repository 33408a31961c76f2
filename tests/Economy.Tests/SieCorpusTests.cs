using System.Text;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.Economy.Import.Sie;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// Real SIE files from nine ledger systems (Fixtures/sie/README.md says where each comes from), read as
/// they are. The expected helår figures were computed apart from the importer, by Fixtures/sie/expected.py
/// (the command for each file is in the README), and written here as constants.
/// </summary>
public sealed class SieCorpusTests
{
    /// <summary>File, activity dimension, default activity ("" none), the helår it fills (or yyyyMM: the last month of a file without the whole year), and per activity the expected (Actual, Budget) of the year to date.</summary>
    public static TheoryData<string, int, string, int, string> Files => new()
    {
        // BL Administration 2011, SIE 3, a broken fiscal year 2009-07 – 2010-06: helår 2010.
        { "BL0001_typ3.SE", 1, "", 2010, "1=-16229.9|" },
        // BL Administration 2011, SIE 4E: the same company's vouchers.
        { "BL0001_typ4.SE", 1, "", 2010, "1=-16229.9|;1011=11120|" },
        // Briljant Ekonomisystem, SIE 3 with budget.
        { "Test3.SE", 1, "", 2017, "0=45287.00|-76000.00;11=191836295.51|-210600.00;12=-33421.40|;13=-43004.00|;14=320.00|;9=-191227262.00|" },
        // Briljant, SIE 4 (#PSALDO and #TRANS; the vouchers have no objects, so the default activity takes them).
        { "Test4.SE", 1, "X", 2008, "0=|892700.00;X=-718781.23|" },
        // Edison Ekonomi Byrå, SIE 3 with budget per cost centre.
        { "typ3.se", 1, "", 2012, "AO=-24321.00|990996.00;IB=-28919.60|234996.00;LS=-25000.00|188997.00;YK=-36611.00|-431004.00" },
        // Edison Ekonomi Byrå, SIE 4E; its vouchers with cost centres end in February (so no helår: February is the year to date).
        { "typ4.se", 1, "", 201202, "AO=-24321.00|;IB=-28919.60|;LS=-25000.00|;YK=-36611.00|" },
        // Fortnox Bokföring, SIE 4I (vouchers only).
        { "Sie4.si", 1, "X", 2010, "X=961.04|" },
        // Visma Avendo, SIE 4 with #PSALDO, #PBUDGET and #TRANS in three dimensions.
        { "transaktioner_ovnbolag.se", 1, "X", 2011, "Nord=40356.48|;Syd=-273975.02|;X=511417.00|800000.00" },
        // Visma Administration 2000, SIE 4 with #UNDERDIM; projects (dimension 6) as activities.
        { "SIE4_Exempelfil_med_underdim.SE", 6, "X", 2021, "0001=328275.00|;0007=16000.00|;0009=140000.00|;0020=92700.00|;0031=68399.90|;0037=5689.00|;X=423280.21|" },
        // Norstedts Bokslut, SIE 4E with #KSUMMA, fiscal year 2009-07 – 2010-06.
        { "Bokslut_Norstedts_SIE4E.se", 1, "X", 2010, "X=1094488.11|" },
        // Magenta Bokföring, SIE 3 of January (its objects carry no result balances: the account totals take the default activity).
        { "magenta_bokforing_SIE3.se", 20, "X", 201101, "X=-17156.25|" },
        // Visma Compact, SIE 1 with #KSUMMA: only the year's #RES.
        { "Sie1.se", 1, "X", 2010, "X=65207.50|" },
    };

    private static byte[] Published(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sie", name));

    /// <summary>
    /// The file as published, but Briljant's Test3.SE (1996–1997, before the suite's years, DomainLimits) with its
    /// dates twenty years on, so that its amounts are still read; as published it is refused (below).
    /// </summary>
    private static byte[] Fixture(string name) => name == "Test3.SE" ? TwentyYearsOn(Published(name)) : Published(name);

    private static byte[] TwentyYearsOn(byte[] file) => SieEncodings.Cp437.GetBytes(System.Text.RegularExpressions.Regex.Replace(
        SieEncodings.Cp437.GetString(file), @"(?<=\s)199([67]\d{2}(\d{2})?)(?=\s)", "201$1"));

    [Fact]
    public void A_file_of_years_before_the_suites_is_refused_naming_the_lines()
    {
        var published = SieEncodings.Cp437.GetString(Published("Test3.SE"));
        var lines = published.Split('\n');
        // Where the file gives its years: #RAR 0 19970101 19971231 and #RAR -1 19960101 19961231.
        var rar = Enumerable.Range(1, lines.Length).Where(n => lines[n - 1].StartsWith("#RAR", StringComparison.Ordinal)).Select(n => $"line {n}").ToList();
        Assert.Equal(2, rar.Count);

        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(Published("Test3.SE"), Mapping(1, "")));

        foreach (var line in rar)
        {
            Assert.Contains(e.Violations, v => v.Field == line && v.Description.Contains("between 2000 and 2100"));
        }
        Assert.Contains(e.Violations, v => v.Description == "#RAR 0's first day is in 1997: must be a year between 2000 and 2100, got 1997");
    }

    private static LedgerMapping Mapping(int activityDimension, string defaultActivity) =>
        new() { ActivityDimension = activityDimension, DefaultActivity = defaultActivity };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_real_file_imports_with_the_helår_figures_summed_independently(string file, int dimension, string defaultActivity, int year, string expected)
    {
        var batch = SieImport.Parse(Fixture(file), Mapping(dimension, defaultActivity));

        var period = year > 9999 ? new PeriodKey(year / 100, year % 100) : new PeriodKey(year, PeriodKey.FullYear);
        var rows = batch.Figures.Where(f => f.Unit == "" && f.Period == period).ToList();
        var want = expected.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('=', '|')).ToDictionary(p => p[0], p => (Actual: Amount(p[1]), Budget: Amount(p[2])));
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.Activity).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            Assert.Equal(want[row.Activity], (row.Measures.Actual, row.Measures.Budget));
        }
        Assert.True(batch.Summary!.MappedCount > 0);
    }

    private static decimal? Amount(string text) => text.Length == 0 ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Files))]
    public void The_same_file_cut_in_the_middle_of_a_line_is_refused_with_the_line(string file, int dimension, string defaultActivity, int year, string expected)
    {
        _ = (year, expected);
        var bytes = Fixture(file);
        // Cut inside an object list in the middle of the file, as an upload broken off mid-transfer leaves it.
        // Cut in the middle of the line in the middle of the file, as an upload broken off mid-transfer leaves it.
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length / 2) + 1;
        var cut = (lineStart + Array.IndexOf(bytes, (byte)'\n', lineStart)) / 2;
        var lastLine = bytes[..cut].Count(b => b == '\n') + 1;

        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(bytes[..cut], Mapping(dimension, defaultActivity)));

        // Said on the cut line, or by the check the cut breaks (#KSUMMA, a voucher never closed), or because
        // the rest of the file, where its balances were, is missing (magenta's are after the middle).
        Assert.Contains(e.Violations, v => v.Field == $"line {lastLine}" || v.Description.Contains("cut short") || v.Description.StartsWith("no record of the file maps"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_same_file_with_a_mapping_to_a_dimension_it_lacks_is_refused_naming_what_it_has(string file, int dimension, string defaultActivity, int year, string expected)
    {
        _ = (dimension, defaultActivity, year, expected);

        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(Fixture(file), Mapping(99, "")));

        Assert.Contains("no record of the file maps to an activity", e.Violations.Single(v => v.Field == "content").Description);
        Assert.StartsWith("the file has", e.Violations.Single(v => v.Field == "dimensions").Description);
        Assert.Matches(@"the file has \d+ accounts, \d+–\d+", e.Violations.Single(v => v.Field == "accounts").Description);
    }

    [Fact]
    public void A_selection_export_whose_account_totals_disagree_with_RES_is_refused_naming_the_accounts()
    {
        // Visma Avendo's object balances of chosen objects: its previous year's account totals are the
        // selection's, its #RES the company's, so the file cannot say which is the year's result.
        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(Fixture("objektsaldo_ovnbolag.se"), Mapping(1, "")));

        Assert.Contains(e.Violations, v => v.Description == "#RES -1 5090 is 6373.60, the year's #PSALDO account totals ({}) sum to 2028.00: the file is incomplete or inconsistent");
    }

    [Fact]
    public void Without_a_mapping_a_file_is_refused_with_its_dimensions_and_objects()
    {
        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(Fixture("typ3.se"), mapping: null));

        Assert.Contains("no ledger mapping is set", e.Violations[0].Description);
        Assert.Equal("the file has dimension 1 \"Kostnadsställe\" with 4 objects (AO, IB, LS, YK); 6 \"Projekt\" with 2 objects (100, 200)",
            e.Violations.Single(v => v.Field == "dimensions").Description);
    }

    [Theory]
    [InlineData("Bokslut_Norstedts_SIE4E.se", 854227682u)]
    [InlineData("Sie1.se", 909685525u)]
    public void A_file_whose_contents_no_longer_match_its_KSUMMA_is_refused(string file, uint checksum)
    {
        var text = SieEncodings.Cp437.GetString(Fixture(file));
        Assert.Matches($"#KSUMMA\\s+{checksum}", text); // the published file's own check sum, which it passes above
        // One öre more on the first #RES line: the kind of change a hand edit or a damaged transfer makes.
        var at = text.IndexOf("#RES", StringComparison.Ordinal);
        var end = text.IndexOfAny(['\r', '\n'], at);
        var changed = text[..(end - 1)] + (char)(text[end - 1] == '9' ? '8' : text[end - 1] + 1) + text[end..];

        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(SieEncodings.Cp437.GetBytes(changed), Mapping(1, "X")));

        Assert.Contains(e.Violations, v => v.Description.StartsWith($"#KSUMMA {checksum} does not match"));
    }

    [Theory]
    [InlineData("BL0001_typ4.SE")]
    [InlineData("typ4.se")]
    [InlineData("Sie4.si")]
    [InlineData("transaktioner_ovnbolag.se")]
    public void A_voucher_changed_so_that_it_no_longer_balances_is_refused_at_its_line(string file)
    {
        var text = SieEncodings.Cp437.GetString(Fixture(file));
        var trans = text.IndexOf("#TRANS", StringComparison.Ordinal);
        var voucherLine = text[..text.LastIndexOf("#VER", trans, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var amountEnd = text.IndexOf('}', trans) + 2;
        var changed = text[..amountEnd] + "1" + text[amountEnd..]; // a digit more in the first row's amount

        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(SieEncodings.Cp437.GetBytes(changed), Mapping(1, "X")));

        Assert.Contains(e.Violations, v => v.Field == $"line {voucherLine}" && v.Description.Contains("does not balance"));
    }

    [Fact]
    public void A_year_total_that_disagrees_with_RES_is_refused_naming_the_account()
    {
        // typ4.se's first #RES of year 0 is the sum of that account's #TRANS rows; one öre off must show.
        var text = SieEncodings.Cp437.GetString(Fixture("typ4.se"));
        var at = text.IndexOf("#RES     0", StringComparison.Ordinal);
        Assert.True(at > 0);
        var lineEnd = text.IndexOfAny(['\r', '\n'], at);
        var line = text[at..lineEnd];
        var changed = text[..at] + line[..^1] + (line[^1] == '9' ? '8' : (char)(line[^1] + 1)) + text[lineEnd..];

        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(SieEncodings.Cp437.GetBytes(changed), Mapping(1, "")));

        Assert.Contains(e.Violations, v => v.Description.Contains("the year's #TRANS rows sum to") && v.Description.Contains("inconsistent"));
    }

    [Fact]
    public void A_UTF8_file_declared_by_FORMAT_or_a_byte_order_mark_reads_as_its_CP437_original()
    {
        var original = SieEncodings.Cp437.GetString(Fixture("typ3.se"));
        var declared = Encoding.UTF8.GetBytes(original.Replace("#FORMAT  PC8", "#FORMAT  UTF8"));
        var marked = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(original.Replace("#FORMAT  PC8\n", ""))).ToArray();
        Assert.NotEqual(original.Length, declared.Length); // å, ä, ö take two bytes now

        var expected = SieImport.Parse(Fixture("typ3.se"), Mapping(1, ""));
        foreach (var file in new[] { declared, marked })
        {
            var batch = SieImport.Parse(file, Mapping(1, ""));
            Assert.Equal(expected.Figures.Select(f => (f.Period, f.Activity, f.Measures)), batch.Figures.Select(f => (f.Period, f.Activity, f.Measures)));
        }
    }

    [Fact]
    public void The_answer_counts_what_was_read_mapped_and_left_out_and_why()
    {
        var batch = SieImport.Parse(Fixture("transaktioner_ovnbolag.se"), Mapping(1, "X"));
        var summary = batch.Summary!;

        Assert.Equal(671, summary.ReadCounts.Single(c => c.Kind == "#TRANS").Count);
        Assert.Equal(705, summary.ReadCounts.Single(c => c.Kind == "#PSALDO").Count);
        // #TRANS of result accounts become figures; the #PSALDO of the same amounts are left out, saying so.
        Assert.Contains(summary.MappedCounts, c => c.Kind == "#TRANS" && c.Reason == "vouchers' transactions");
        Assert.Contains(summary.IgnoredCounts, c => c.Kind == "#TRANS" && c.Reason.StartsWith("the account is in none of the mapping's account ranges"));
        Assert.Contains(summary.IgnoredCounts, c => c.Kind == "#PSALDO" && c.Reason.Contains("the same amounts as the vouchers' transactions used"));
        Assert.Equal(671, summary.MappedCounts.Where(c => c.Kind == "#TRANS").Sum(c => c.Count) + summary.IgnoredCounts.Where(c => c.Kind == "#TRANS").Sum(c => c.Count));
    }
}

/// <summary>The worked example of docs/economy.md ("Ledger mapping"), figures worked out by hand there.</summary>
public sealed class LedgerMappingExampleTests
{
    public const string Example = """
        #FLAGGA 0
        #FORMAT PC8
        #SIETYP 4
        #PROGRAM "Raindance" 2024
        #RAR 0 20240101 20241231
        #DIM 1 "Ansvar"
        #DIM 20 "Verksamhet"
        #OBJEKT 1 "BOU1" "Barn och unga, öppenvård"
        #OBJEKT 20 "5733" "Öppenvård"
        #RES 0 3010 -1200.00
        #RES 0 4010 30000.00
        #RES 0 4910 500.00
        #VER A 1 20240131 "Januari"
        {
        #TRANS 4010 {1 "BOU1" 20 "5733"} 10000.00
        #TRANS 3010 {1 "BOU1" 20 "5733"} -1200.00
        #TRANS 4910 {20 "5733"} 500.00
        #TRANS 1930 {} -9300.00
        }
        #VER A 2 20240229 "Februari"
        {
        #TRANS 4010 {20 "5733" 1 "BOU1"} 20000.00
        #TRANS 1930 {} -20000.00
        }
        """;

    public static readonly Domain.LedgerMapping Mapping = new()
    {
        ActivityDimension = 20,
        UnitDimension = 1,
        Accounts = [new(3000, 3999, Domain.AccountKind.Income), new(4900, 4999, Domain.AccountKind.Internal), new(4000, 8999, Domain.AccountKind.Cost)],
    };

    [Fact]
    public void The_documented_example_gives_the_documented_rows_and_counts()
    {
        var batch = SieImport.Parse(SieEncodings.Cp437.GetBytes(Example), Mapping);

        var rows = batch.Figures.ToDictionary(f => (f.Period.Point, f.Unit), f => (f.Measures.Costs, f.Measures.Income, f.Measures.Actual));
        Assert.Equal(4, rows.Count);
        Assert.Equal((10000.00m, 1200.00m, -8800.00m), rows[(1, "")]);
        Assert.Equal((10000.00m, 1200.00m, -8800.00m), rows[(1, "BOU1")]);
        Assert.Equal((30000.00m, 1200.00m, -28800.00m), rows[(2, "")]);
        Assert.Equal((30000.00m, 1200.00m, -28800.00m), rows[(2, "BOU1")]);
        Assert.All(batch.Figures, f => Assert.Equal(("5733", 2024), (f.Activity, f.Period.Year)));

        var summary = batch.Summary!;
        Assert.Equal(6, summary.ReadCounts.Single(c => c.Kind == "#TRANS").Count);
        Assert.Equal(new ImportCount("#TRANS", 3, "vouchers' transactions"), summary.MappedCounts.Single());
        Assert.Equal(
            [
                new ImportCount("#TRANS", 2, "the account is in none of the mapping's account ranges (balance sheet, or not a result account)"),
                new ImportCount("#TRANS", 1, "an internal account: eliminated, left out of the figures (their sum is in the answer)"),
                new ImportCount("internal accounts", 1, "their booked sum 500.00 is not in the figures"),
            ],
            summary.IgnoredCounts);

        var e = Assert.Throws<ValidationFailedException>(() => SieImport.Parse(SieEncodings.Cp437.GetBytes(Example), Mapping with { ActivityDimension = 2 }));
        Assert.Equal("the file has dimension 1 \"Ansvar\" with 1 objects (BOU1); 20 \"Verksamhet\" with 1 objects (5733)", e.Violations.Single(v => v.Field == "dimensions").Description);
    }
}
