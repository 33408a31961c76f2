using Google.Rpc;
using Grpc.Core;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using ProtoDecimal = NamndFollowUp.Contracts.Common.V1.Decimal;

namespace NamndFollowUp.ServiceDefaults.Tests;

public sealed class RequestValidatorTests
{
    private static ProtoDecimal D(string value) => new() { Value = value };

    private static ValidationFailedException Fails(RequestValidator v) =>
        Assert.Throws<ValidationFailedException>(v.ThrowIfInvalid);

    // ---- municipality code ----

    [Theory]
    [InlineData("0380", "0380")]
    [InlineData(" 0380 ", "0380")]
    [InlineData("1280", "1280")]
    public void A_four_digit_municipality_code_is_accepted_trimmed(string input, string expected)
    {
        var v = new RequestValidator();

        Assert.Equal(expected, v.MunicipalityCode("municipality_code", input));
        Assert.True(v.IsValid);
        v.ThrowIfInvalid();
    }

    [Theory]
    [InlineData("380")]
    [InlineData("03800")]
    [InlineData("03a0")]
    [InlineData("Upps")]
    [InlineData("03 0")]
    [InlineData("٠٣٨٠")]   // Arabic-Indic digits are digits, but not an SCB code
    public void A_municipality_code_that_is_not_four_ascii_digits_is_rejected(string input)
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", input);

        Assert.False(v.IsValid);
        var e = Fails(v);
        Assert.All(e.Violations, x => Assert.Equal("municipality_code", x.Field));
        Assert.Contains(e.Violations, x => x.Description.Contains("4-digit"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_municipality_code_is_required(string? input)
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", input);

        var violation = Assert.Single(Fails(v).Violations);
        Assert.Equal(new FieldViolation("municipality_code", "is required"), violation);
    }

    // ---- codes ----

    [Fact]
    public void A_code_is_trimmed()
    {
        var v = new RequestValidator();

        Assert.Equal("5731", v.Code("activity_code", "  5731\t"));
        Assert.True(v.IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void A_blank_code_is_required_and_returns_empty(string? input)
    {
        var v = new RequestValidator();

        Assert.Equal("", v.Code("committee_code", input));
        Assert.Equal(new FieldViolation("committee_code", "is required"), Assert.Single(Fails(v).Violations));
    }

    [Fact]
    public void A_code_longer_than_the_max_is_rejected_after_trimming()
    {
        var v = new RequestValidator();
        v.Code("committee_code", new string('A', 32));        // exactly 32: fine
        v.Code("committee_code", "  " + new string('A', 32) + "  "); // 32 after trimming: fine
        Assert.True(v.IsValid);

        v.Code("committee_code", new string('A', 33));
        v.Code("area_name", "Barn- och ungdomsvård", maxLength: 10);

        var e = Fails(v);
        Assert.Equal(
            [
                new FieldViolation("committee_code", "is longer than 32 characters"),
                new FieldViolation("area_name", "is longer than 10 characters"),
            ],
            e.Violations);
    }

    // ---- amounts ----

    [Theory]
    [InlineData("-247123456.50", "-247123456.50")]
    [InlineData("12.5", "12.5")]
    [InlineData("0", "0")]
    [InlineData("4900000", "4900000")]
    [InlineData("-0.01", "-0.01")]
    public void Amounts_parse_with_an_invariant_decimal_point(string input, string expected)
    {
        var v = new RequestValidator();

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), v.Amount("amount", D(input)));
        Assert.True(v.IsValid);
    }

    [Fact]
    public void Amounts_keep_every_digit()
    {
        var v = new RequestValidator();

        Assert.Equal(-247_123_456.50m, v.Amount("amount", D("-247123456.50")));
        Assert.Equal(12.5m, v.OptionalAmount("amount", D("12.5")));
    }

    [Theory]
    [InlineData("12,5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1 000")]
    [InlineData("1,000.5")]
    [InlineData("1e6")]
    public void Amounts_that_are_not_invariant_decimals_are_rejected(string input)
    {
        var v = new RequestValidator();

        Assert.Equal(0m, v.Amount("figures[0].actual", D(input)));

        var violation = Assert.Single(Fails(v).Violations);
        Assert.Equal("figures[0].actual", violation.Field);
        Assert.Contains($"'{input}'", violation.Description);
        Assert.Contains("'.'", violation.Description);
    }

    [Fact]
    public void An_optional_amount_may_be_absent_but_a_required_one_may_not()
    {
        var v = new RequestValidator();
        Assert.Null(v.OptionalAmount("budget", null));
        Assert.True(v.IsValid);

        Assert.Null(v.OptionalAmount("budget", D("12,5")));
        Assert.Equal(0m, v.Amount("amount", null));

        Assert.Equal(
            ["budget", "amount"],
            Fails(v).Violations.Select(x => x.Field));
        Assert.Equal("is required", Fails(v).Violations[1].Description);
    }

    // ---- period ----

    [Theory]
    [InlineData(2000, PeriodPoint.Month01, 2000, 1)]
    [InlineData(2024, PeriodPoint.Month08, 2024, 8)]
    [InlineData(2024, PeriodPoint.Interim, 2024, 13)]
    [InlineData(2100, PeriodPoint.FullYear, 2100, 14)]
    public void A_valid_period_becomes_its_key(int year, PeriodPoint point, int expectedYear, int expectedPoint)
    {
        var v = new RequestValidator();

        Assert.Equal(new PeriodKey(expectedYear, expectedPoint), v.Period("period", new Period { Year = year, Point = point }));
        Assert.True(v.IsValid);
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(2101)]
    [InlineData(0)]
    [InlineData(24)]
    public void A_year_outside_2000_to_2100_is_rejected(int year)
    {
        var v = new RequestValidator();
        v.Period("period", new Period { Year = year, Point = PeriodPoint.FullYear });

        var violation = Assert.Single(Fails(v).Violations);
        Assert.Equal("period.year", violation.Field);
        Assert.Contains(year.ToString(System.Globalization.CultureInfo.InvariantCulture), violation.Description);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(-1)]
    public void An_unspecified_or_unknown_point_is_rejected(int point)
    {
        var v = new RequestValidator();
        v.Period("period", new Period { Year = 2024, Point = (PeriodPoint)point });

        Assert.Equal("period.point", Assert.Single(Fails(v).Violations).Field);
    }

    [Fact]
    public void A_missing_period_is_required()
    {
        var v = new RequestValidator();

        Assert.Equal(default, v.Period("period", null));
        Assert.Equal(new FieldViolation("period", "is required"), Assert.Single(Fails(v).Violations));
    }

    // ---- collected and thrown together ----

    [Fact]
    public void Nothing_is_thrown_while_valid()
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", "0380");
        v.Code("committee_code", "SCN");
        v.Period("period", new Period { Year = 2024, Point = PeriodPoint.FullYear });
        v.Amount("amount", D("950400000"));

        Assert.True(v.IsValid);
        v.ThrowIfInvalid();
    }

    private static RequestValidator SeveralViolations()
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", "380");
        v.Code("committee_code", "");
        v.Period("period", new Period { Year = 1999, Point = PeriodPoint.Unspecified });
        v.Amount("figures[0].actual", D("12,5"));
        v.Amount("figures[1].actual", D("abc"));
        return v;
    }

    private static readonly string[] ExpectedFields =
    [
        "municipality_code",
        "committee_code",
        "period.year",
        "period.point",
        "figures[0].actual",
        "figures[1].actual",
    ];

    [Fact]
    public void Several_violations_are_collected_and_thrown_together_in_order()
    {
        var e = Fails(SeveralViolations());

        Assert.Equal(ExpectedFields, e.Violations.Select(x => x.Field));
        foreach (var field in ExpectedFields)
        {
            Assert.Contains(field + ": ", e.Message);
        }
    }

    [Fact]
    public void ToRpcException_is_InvalidArgument_with_a_BadRequest_listing_every_field()
    {
        var e = Fails(SeveralViolations());

        var rpc = e.ToRpcException();

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        var status = rpc.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.Equal(e.Message, status.Message);
        var any = Assert.Single(status.Details);
        Assert.True(any.Is(BadRequest.Descriptor));
        var badRequest = any.Unpack<BadRequest>();
        Assert.Equal(ExpectedFields, badRequest.FieldViolations.Select(x => x.Field));
        Assert.Equal(
            e.Violations.Select(x => x.Description),
            badRequest.FieldViolations.Select(x => x.Description));
        Assert.Equal("is required", badRequest.FieldViolations[1].Description);
        Assert.Contains("'12,5'", badRequest.FieldViolations[4].Description);
        Assert.Contains("'abc'", badRequest.FieldViolations[5].Description);
    }

    [Fact]
    public void A_single_violation_exception_converts_the_same_way()
    {
        var rpc = new ValidationFailedException("figures", "at least one activity figure is required").ToRpcException();

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        var badRequest = rpc.GetRpcStatus()!.Details.Single().Unpack<BadRequest>();
        var violation = Assert.Single(badRequest.FieldViolations);
        Assert.Equal("figures", violation.Field);
        Assert.Equal("at least one activity figure is required", violation.Description);
    }
    [Fact]
    public void A_thousand_violations_fit_a_grpc_status_that_every_http2_client_accepts()
    {
        // A file wrong on each of its first thousand lines, as ImportErrors lists them, each quoting a long value.
        var violations = Enumerable.Range(1, 1000).Select(n => new FieldViolation($"line {n}", $"column 6 (amount) must be a number, got '{new string('9', 300)}'"))
            .Append(new FieldViolation("content", "500 more problems after the 1,000 listed; nothing was imported")).ToList();

        var status = new ValidationFailedException(violations).ToRpcException().GetRpcStatus()!;

        // SocketsHttpHandler (every .NET client, and the gateway's proxy) refuses response headers over 64 KiB;
        // grpc-message and grpc-status-details-bin (base64) are both headers of a trailers-only answer.
        var trailerBytes = Uri.EscapeDataString(status.Message).Length + (status.CalculateSize() + 2) / 3 * 4;
        Assert.True(trailerBytes < 32 * 1024, $"{trailerBytes} bytes of trailers");
        var listed = status.Details.Single().Unpack<BadRequest>().FieldViolations;
        Assert.Equal("line 1", listed[0].Field);
        // The rest is counted, naming the first field left out and quoting the file's own last word.
        var last = listed[^1];
        Assert.Equal($"line {listed.Count}", last.Field);
        Assert.StartsWith($"{1001 - (listed.Count - 1):N0} more entries", last.Description);
        Assert.EndsWith("content: 500 more problems after the 1,000 listed; nothing was imported", last.Description);
    }

    [Fact]
    public void A_huge_value_in_a_description_is_cut_so_the_status_stays_small()
    {
        var status = new ValidationFailedException("municipality_code", $"got '{new string('K', 1 << 20)}'").ToRpcException().GetRpcStatus()!;

        Assert.True(status.CalculateSize() < 4 * 1024, $"{status.CalculateSize()} bytes");
        Assert.Equal("municipality_code", status.Details.Single().Unpack<BadRequest>().FieldViolations.Single().Field);
    }
}
