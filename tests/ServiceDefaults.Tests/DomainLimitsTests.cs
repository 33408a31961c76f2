using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.ServiceDefaults.Tests;

public sealed class DomainLimitsTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-247200000.50", "-247200000.5")]
    [InlineData("12.300", "12.3")]           // trailing zeros are not decimals of the value
    [InlineData("+5", "5")]
    [InlineData("999999999999999.99", "999999999999999.99")]
    [InlineData("-999999999999999.99", "-999999999999999.99")]
    [InlineData("000000000000000000001", "1")]
    public void An_amount_in_range_with_at_most_two_decimals_is_read_exactly(string text, string expected)
    {
        Assert.Null(DomainLimits.AmountProblem(text, out var amount));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("12.345", "3 decimals")]
    [InlineData("-1.0000000000000000000000000001", "28 decimals")]
    [InlineData("1000000000000000", "out of range")]
    [InlineData("79228162514264337593543950336", "out of range")]
    [InlineData("12,5", "'.' as decimal separator")]
    [InlineData("1e5", "'.' as decimal separator")]
    [InlineData(" 1", "'.' as decimal separator")]
    [InlineData("-", "'.' as decimal separator")]
    [InlineData("1\u0000", "'.' as decimal separator")]
    public void An_amount_that_cannot_be_stored_exactly_is_refused_with_the_reason(string text, string reason)
    {
        Assert.Contains(reason, DomainLimits.AmountProblem(text, out _));
    }

    [Theory]
    [InlineData("SCN\u0000", "U+0000")]
    [InlineData("5731 ", "' '")]
    [InlineData("a;b", "';'")]
    public void A_code_outside_the_alphabet_is_refused_naming_the_character(string code, string named)
    {
        Assert.Contains(named, DomainLimits.CodeProblem(code));
    }

    [Theory]
    [InlineData("BOU-INST")]
    [InlineData("vol-andel-egna-familjehem")]
    [InlineData("VÄXJÖ")]
    [InlineData("2024-synpunktshantering")]
    public void Codes_of_the_seed_and_its_tests_are_accepted(string code) => Assert.Null(DomainLimits.CodeProblem(code));

    [Fact]
    public void A_narrative_may_hold_line_breaks_and_tabs_but_no_other_control_character_or_lone_surrogate()
    {
        Assert.Null(DomainLimits.TextProblem("Rad ett\r\nRad två\tmed tabb 😀", multiline: true, 100));
        Assert.Contains("U+000A", DomainLimits.TextProblem("Rad ett\nRad två", multiline: false, 100));
        Assert.Contains("U+001B", DomainLimits.TextProblem("färg\u001b[31m", multiline: true, 100));
        Assert.Contains("surrogate", DomainLimits.TextProblem("x\ud800y", multiline: true, 100));
        Assert.Contains("longer than 5", DomainLimits.TextProblem("sex tecken", multiline: true, 5));
    }

    [Fact]
    public void A_request_is_walked_field_by_field_and_every_problem_named_with_its_path()
    {
        var request = new RecordActivityFiguresRequest
        {
            MunicipalityCode = "0380", CommitteeCode = "SCN",
            Period = new Period { Year = 2024, Point = PeriodPoint.FullYear },
            Figures =
            {
                new ActivityFigureInput { ActivityCode = "5731", Actual = new() { Value = "-1.50" } },
                new ActivityFigureInput { ActivityCode = "5732\u0000", Budget = new() { Value = "0.001" } },
            },
        };

        var e = Assert.Throws<ValidationFailedException>(() => InputLimits.ThrowIfInvalid(request));

        Assert.Equal(["figures[1].activity_code", "figures[1].budget"], e.Violations.Select(v => v.Field));
    }

    [Fact]
    public void A_megabyte_Kolada_KPI_id_is_refused_without_echoing_it()
    {
        var id = "N" + new string('1', 1_000_000);

        Assert.False(DomainLimits.IsKoladaKpiId(id));
        Assert.True(DomainLimits.IsKoladaKpiId("N17473"));
        Assert.True(InputLimits.Shorten(id).Length < 50);
    }
}
