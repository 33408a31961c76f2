using System.Text;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.KeyFigures.Tests;

/// <summary>
/// A Kolada file is held to the domain's limits (docs/api.md, "Limits") in either form, JSON or text: a KPI id is
/// Kolada's (a capital letter and five digits), a year is one of 2000–2100, and a value is stored exactly (at most
/// six decimals, below 10^15) or refused naming its field, never rounded.
/// </summary>
public sealed class KoladaLimitsTests
{
    private static string Json(string kpi = "\"N17473\"", string period = "2024", string value = "5379.1", string municipality = "\"0380\"") =>
        $"{{\"values\":[{{\"kpi\":{kpi},\"municipality\":{municipality},\"period\":{period},\"values\":[{{\"count\":1,\"gender\":\"T\",\"status\":\"\",\"value\":{value}}}]}}]}}";

    private static string Text(string kpi = "N17473", string period = "2024", string value = "5379.1") =>
        $"kpi;municipality;period;gender;value;count\n{kpi};0380;{period};T;{value};1\n";

    private static FieldViolation RefusedJson(string content) =>
        Assert.Single(Assert.Throws<ValidationFailedException>(() => KoladaFile.Read(content)).Violations);

    private static FieldViolation RefusedText(string content) =>
        Assert.Single(Assert.Throws<ValidationFailedException>(() => KoladaFile.Read(content)).Violations);

    [Fact]
    public void The_ordinary_row_is_read_in_either_form()
    {
        var expected = new KoladaRow("N17473", "0380", 2024, "T", 5379.1m, 1);
        Assert.Equal(expected, KoladaFile.Read(Json()).Rows.Single());
        Assert.Equal(expected, KoladaFile.Read(Text()).Rows.Single());
    }

    [Theory]
    [InlineData("N1747")]
    [InlineData("N174731")]
    [InlineData("n17473")]
    [InlineData("NN7473")]
    [InlineData("N17473\\u0000")]
    public void A_kpi_id_that_is_not_koladas_is_refused_naming_the_field(string kpi)
    {
        var violation = RefusedJson(Json(kpi: $"\"{kpi}\""));

        Assert.Equal("content.values[0].kpi", violation.Field);
        Assert.Contains("a capital letter and five digits", violation.Description);
    }

    [Fact]
    public void A_kpi_id_of_a_megabyte_is_refused_quoting_only_its_start()
    {
        var violation = RefusedJson(Json(kpi: $"\"{new string('N', 1 << 20)}\""));

        Assert.Equal("content.values[0].kpi", violation.Field);
        Assert.True(violation.Description.Length < 200, violation.Description.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("N1747")]
    [InlineData("X-17473")]
    public void A_kpi_id_that_is_not_koladas_is_refused_in_the_text_form_naming_the_line(string kpi)
    {
        var violation = RefusedText(Text(kpi: kpi));

        Assert.Equal("content.line[2].kpi", violation.Field);
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("2101")]
    [InlineData("0")]
    [InlineData("\"1999\"")]
    public void A_year_outside_the_domains_years_is_refused(string period)
    {
        var violation = RefusedJson(Json(period: period));

        Assert.Equal("content.values[0].period", violation.Field);
        Assert.Contains("between 2000 and 2100", violation.Description);
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("2101")]
    public void A_year_outside_the_domains_years_is_refused_in_the_text_form(string period)
    {
        Assert.Equal("content.line[2].period", RefusedText(Text(period: period)).Field);
    }

    [Theory]
    [InlineData("0.1234567", "7 decimals")]
    [InlineData("0.1234567890123456789012345678901", "decimals")]
    [InlineData("1e15", "out of range")]
    [InlineData("79228162514264337593543950336", "out of range")]
    [InlineData("1.5e-7", "8 decimals")] // 0.00000015
    public void A_value_that_could_only_be_stored_rounded_or_is_out_of_range_is_refused(string value, string reason)
    {
        var violation = RefusedJson(Json(value: value));

        Assert.Equal("content.values[0].values[0].value", violation.Field);
        Assert.Contains(reason, violation.Description);
    }

    [Theory]
    [InlineData("0.1234567")]
    [InlineData("1000000000000000")]
    [InlineData("1,5")]
    public void A_value_that_could_only_be_stored_rounded_is_refused_in_the_text_form(string value)
    {
        Assert.Equal("content.line[2].value", RefusedText(Text(value: value)).Field);
    }

    [Theory]
    [InlineData("1e-05", "0.00001")]
    [InlineData("2.5E+2", "250")]
    [InlineData("-1.25e1", "-12.5")]
    [InlineData("123456.123456", "123456.123456")]
    public void A_value_python_wrote_with_an_exponent_is_read_exactly(string value, string expected)
    {
        var row = KoladaFile.Read(Json(value: value)).Rows.Single();

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), row.Value);
    }

    [Fact]
    public void A_nul_in_the_text_form_is_refused_as_the_grpc_field_check_refuses_it()
    {
        var violation = RefusedText(Text().Replace("0380", "03\u000080", StringComparison.Ordinal));

        Assert.Equal("content", violation.Field);
        Assert.Contains("U+0000", violation.Description);
    }

    [Fact]
    public void A_nul_escaped_in_a_json_municipality_is_refused_naming_the_field()
    {
        var violation = RefusedJson(Json(municipality: "\"0380\\u0000\""));

        Assert.Equal("content.values[0].municipality", violation.Field);
    }
}
