using System.Text;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// The CSV's "report" line may carry the report's case data after the forecast name (handläggare, datum,
/// nämndbehandlas: Bilaga 3's header); a file written before they existed stays valid, and a bad one is refused on its
/// line with the column named.
/// </summary>
public sealed class ReportCaseDataCsvTests
{
    [Fact]
    public void The_demo_gives_the_seeds_Bilaga_3_header()
    {
        var batch = CsvImport.Parse(File.ReadAllBytes(Path.Combine(DemoData.RepoRoot(), "deploy", "demo", "economy-2024.csv")));

        // The seed, lines 1403–1407: "Datum: 2025-01-16", "Nämndbehandlad/nämndbehandlas: 2025-02-12", "Handläggare: Magnus Bergmark".
        var (_, period, details) = Assert.Single(batch.Reports);
        Assert.Equal(new PeriodKey(2024, PeriodKey.FullYear), period);
        Assert.Equal(new ReportDetails("helårsprognos 202408", "Magnus Bergmark", new DateOnly(2025, 1, 16), new DateOnly(2025, 2, 12)), details);
    }

    [Fact]
    public void A_report_line_without_case_data_reads_as_before_and_leaves_them_unchanged()
    {
        var batch = CsvImport.Parse("record;fields\nreport;2024-helår;helårsprognos 202408\n"u8.ToArray());

        Assert.Equal(new ReportDetails("helårsprognos 202408"), Assert.Single(batch.Reports).Details);
    }

    [Theory]
    [InlineData("report;2024-helår;prognos;\"Magnus\nBergmark\";2025-01-16;2025-02-12\n", "column 4 (prepared_by)", "control character")]
    [InlineData("report;2024-helår;prognos;Magnus\u0007Bergmark;;\n", "column 4 (prepared_by)", "control character")]
    [InlineData("report;2024-helår;prognos;Magnus Bergmark;16/1/2025;\n", "column 5 (document_date)", "16/1/2025")]
    [InlineData("report;2024-helår;prognos;Magnus Bergmark;;2025-02-30\n", "column 6 (committee_meeting_date)", "2025-02-30")]
    public void A_bad_handläggare_or_date_is_refused_on_its_line_with_the_column_named(string line, string column, string reason)
    {
        var e = Assert.Throws<ValidationFailedException>(() => CsvImport.Parse(Encoding.UTF8.GetBytes("record;fields\n" + line)));

        var violation = Assert.Single(e.Violations);
        Assert.Equal("line 2", violation.Field);
        Assert.Contains(column, violation.Description);
        Assert.Contains(reason, violation.Description);
    }

    [Fact]
    public void A_handläggare_longer_than_a_name_is_refused()
    {
        var e = Assert.Throws<ValidationFailedException>(() => CsvImport.Parse(Encoding.UTF8.GetBytes($"record;fields\nreport;2024-helår;prognos;{new string('M', 201)};;\n")));

        Assert.Contains("column 4 (prepared_by): is longer than 200 characters (201)", Assert.Single(e.Violations).Description);
    }
}
