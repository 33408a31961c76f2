using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Tests;

public sealed class ReportStatesTests
{
    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    [Fact]
    public void A_whole_calendar_date_becomes_that_day()
    {
        var v = new RequestValidator();
        Assert.Equal(new DateOnly(2025, 2, 12), v.Date("decision_date", Date(2025, 2, 12), required: true));
        Assert.Equal(new DateOnly(2024, 2, 29), v.Date("decision_date", Date(2024, 2, 29), required: true)); // 2024 is a leap year
        v.ThrowIfInvalid();
    }

    [Theory]
    [InlineData(2025, 2, 29)] // not a leap year
    [InlineData(2025, 2, 30)]
    [InlineData(2025, 13, 1)]
    [InlineData(2025, 4, 31)]
    [InlineData(0, 2, 12)]
    [InlineData(2025, 0, 12)]
    [InlineData(2025, 2, 0)]
    public void A_date_that_is_no_calendar_day_is_refused_naming_the_field(int year, int month, int day)
    {
        var v = new RequestValidator();
        Assert.Null(v.Date("decision_date", Date(year, month, day), required: true));
        var refused = Assert.Throws<ValidationFailedException>(v.ThrowIfInvalid);
        Assert.Equal("decision_date", Assert.Single(refused.Violations).Field);
    }

    [Fact]
    public void An_absent_date_is_refused_only_where_it_is_required()
    {
        var optional = new RequestValidator();
        Assert.Null(optional.Date("due_date", null, required: false));
        Assert.Null(optional.Date("due_date", new Google.Type.Date(), required: false));
        optional.ThrowIfInvalid();

        var required = new RequestValidator();
        required.Date("decision_date", null, required: true);
        Assert.Equal("decision_date", Assert.Single(Assert.Throws<ValidationFailedException>(required.ThrowIfInvalid).Violations).Field);
    }

    [Fact]
    public void A_lifecycle_reads_as_the_contracts_state_with_its_decision_date()
    {
        var lifecycle = new ReportLifecycle();
        lifecycle.Adopt("SCN-2025-00042", new DateOnly(2025, 2, 12), DateTimeOffset.UnixEpoch);

        var state = lifecycle.ToProto();

        Assert.Equal(new ReportState { Status = ReportStatus.Adopted, Version = 1, CaseNumber = "SCN-2025-00042", DecisionDate = Date(2025, 2, 12) }, state);
        Assert.Equal("2025-02-12", state.DecisionDate.Shown());
        Assert.Equal(new ReportState { Status = ReportStatus.Draft, Version = 1 }, new ReportLifecycle().ToProto());
    }
}
