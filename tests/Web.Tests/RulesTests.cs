using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Web;
using NamndFollowUp.Web.Auth;
using NamndFollowUp.Web.Domain;
using ProtoDecimal = NamndFollowUp.Contracts.Common.V1.Decimal;

namespace NamndFollowUp.Web.Tests;

/// <summary>The app's own rules, without a browser or a server.</summary>
public sealed class RulesTests
{
    private static readonly TrafficLightThresholds Office = new() { ResultYellowBelow = 0m, ResultRedBelow = -1m, ChangeYellowBelow = 0m, ChangeRedBelow = -0.5m };

    [Theory]
    [InlineData(1_000_000, 100_000_000, TrafficLight.Green)]      // a surplus
    [InlineData(0, 100_000_000, TrafficLight.Green)]              // in balance
    [InlineData(-500_000, 100_000_000, TrafficLight.Yellow)]      // −0,5 %: a deficit above the red threshold
    [InlineData(-1_000_000, 100_000_000, TrafficLight.Yellow)]    // exactly −1 % is not below it
    [InlineData(-1_000_001, 100_000_000, TrafficLight.Red)]
    [InlineData(-23_500_000, 950_000_000, TrafficLight.Red)]      // Socialnämnden 2024: −2,5 %
    public void A_result_is_judged_as_a_share_of_the_allocation(long result, long allocation, TrafficLight expected) =>
        Assert.Equal(expected, Office.ForResult(result, allocation));

    [Fact]
    public void Without_an_allocation_or_an_earlier_follow_up_there_is_no_signal()
    {
        Assert.Equal(TrafficLight.None, Office.ForResult(-5m, null));
        Assert.Equal(TrafficLight.None, Office.ForResult(-5m, 0m));
        Assert.Equal(TrafficLight.None, Office.ForChange(null, 100m));
    }

    [Fact]
    public void The_change_has_thresholds_of_its_own() =>
        Assert.Equal([TrafficLight.Green, TrafficLight.Yellow, TrafficLight.Red],
            new[] { 0m, -0.4m, -0.6m }.Select(c => Office.ForChange(c, 100m)));

    [Fact]
    public void The_previous_follow_ups_of_a_helar_are_december_november_and_so_on_with_the_delar_after_august()
    {
        var earlier = new PeriodChoice(2024, PeriodPoint.FullYear).Earlier().Select(p => p.Slug).ToList();
        Assert.Equal(["12", "11", "10", "09", "delar", "08", "07", "06", "05", "04", "03", "02", "01"], earlier);
        Assert.Empty(new PeriodChoice(2024, PeriodPoint.Month01).Earlier());
    }

    [Theory]
    [InlineData("2023", "delar", 2023, PeriodPoint.Interim)]
    [InlineData("2024", "03", 2024, PeriodPoint.Month03)]
    [InlineData("tjugo", "helar", 2024, PeriodPoint.FullYear)]   // a bad year: the default's
    [InlineData("2024", "13", 2024, PeriodPoint.FullYear)]       // no such point: the default's
    [InlineData(null, null, 2024, PeriodPoint.FullYear)]
    public void A_period_in_the_address_is_read_or_falls_back(string? year, string? point, int expectedYear, PeriodPoint expectedPoint) =>
        Assert.Equal(new PeriodChoice(expectedYear, expectedPoint), PeriodChoice.Parse(year, point, PeriodChoice.Fallback));

    [Fact]
    public void A_period_names_itself_in_swedish_and_in_the_gateways_query()
    {
        Assert.Equal("Delår 2024", new PeriodChoice(2024, PeriodPoint.Interim).Name);
        Assert.Equal("Mars 2024", new PeriodChoice(2024, PeriodPoint.Month03).Name);
        Assert.Equal("period.year=2024&period.point=PERIOD_POINT_MONTH_03", new PeriodChoice(2024, PeriodPoint.Month03).Query);
    }

    [Theory]
    [InlineData("/namnd/SCN", "/namnd/SCN")]
    [InlineData("https://elsewhere.example/", "/")]
    [InlineData("//elsewhere.example/", "/")]
    [InlineData("/\\elsewhere.example/", "/")]
    [InlineData(null, "/")]
    public void A_sign_in_returns_only_to_a_page_of_this_app(string? returnUrl, string expected) =>
        Assert.Equal(expected, SignInExtensions.LocalOnly(returnUrl));

    [Theory]
    [InlineData("0380", null, "municipal_office", null)]
    [InlineData("0380", "SCN", "committee_writer", null)]
    [InlineData("380", null, "municipal_office", "Kommunkoden ska vara fyra siffror (t.ex. 0380).")]
    [InlineData("0380", null, "committee_reader", "En nämndroll behöver en nämnd.")]
    [InlineData("0380", "S C N", "committee_writer", "Nämndkoden får bara innehålla bokstäver a–z, siffror, - och _ (högst 32 tecken).")]
    [InlineData("0380", null, "admin", "Välj en roll.")]
    public void The_development_sign_in_refuses_what_the_suite_would_refuse(string municipality, string? committee, string role, string? expected) =>
        Assert.Equal(expected, DevSignIn.Check(municipality, committee, role));

    [Fact]
    public void Amounts_are_shown_in_mnkr_with_swedish_digits_and_kept_exact_in_the_title()
    {
        Assert.Equal("\u221223,5", Kronor.Mnkr(-23_456_789.50m));
        Assert.Equal("1\u00a0000,0", Kronor.Mnkr(1_000_000_000m));
        Assert.Equal("\u221223\u00a0456\u00a0789,5 kr", Kronor.Exact(-23_456_789.50m));
        Assert.Equal("–", Kronor.Mnkr((decimal?)null));
        Assert.Equal(-247200000.50m, Kronor.Parse(new Contracts.Common.V1.Decimal { Value = "-247200000.50" }));
    }

    [Theory]
    [InlineData("{\"Actual\":{\"from\":-1000,\"to\":-2000.5}}", "Actual: -1000 → -2000.5")]
    [InlineData("{\"Comment\":{\"from\":null,\"to\":\"Ny\"},\"Budget\":{\"to\":5}}", "Comment: – → Ny; Budget: – → 5")]
    [InlineData("{\"Status\":\"Adopted\"}", "Status: Adopted")]
    [InlineData("{\"Id\":{\"to\":-92233},\"EconomyReportId\":{\"to\":7},\"Year\":{\"to\":2024}}", "Year: – → 2024")]
    [InlineData("inte json", "inte json")]
    [InlineData("", "")]
    public void An_audit_entrys_changes_read_as_old_to_new_and_nothing_is_dropped(string changesJson, string expected) =>
        Assert.Equal(expected, ChangeDescription.Of(changesJson));

    [Theory]
    [InlineData("-1", "-1")]
    [InlineData("\u22120,5", "-0.5")]
    [InlineData(" -0.25 % ", "-0.25")]
    [InlineData("0", "0")]
    [InlineData("1 000", "1000")]
    public void A_threshold_typed_in_percent_is_read_exactly(string typed, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TrafficLightThresholds.ParsePercent(typed));

    [Theory]
    [InlineData("")]
    [InlineData("minus ett")]
    [InlineData("1,2,3")]
    [InlineData("--1")]
    public void A_threshold_that_is_no_number_is_refused(string typed) =>
        Assert.Null(TrafficLightThresholds.ParsePercent(typed));

    [Fact]
    public void A_share_is_shown_as_the_percent_one_would_type_back() =>
        Assert.Equal(["\u22120,5", "0", "\u22121", "\u22120,25"], new[] { -0.5m, 0m, -1m, -0.25m }.Select(TrafficLightThresholds.PercentNumber));

    [Fact]
    public void An_audit_entrys_time_is_shown_in_swedish_local_time()
    {
        Assert.Equal("2026-11-30 22:12:32", ChangeDescription.When("2026-11-30T21:12:32.5001270+00:00")); // CET, UTC+1
        Assert.Equal("2026-07-01 12:00:00", ChangeDescription.When("2026-07-01T10:00:00Z"));              // CEST, UTC+2
        Assert.Equal("i går", ChangeDescription.When("i går"));
    }

    private static Contracts.Economy.V1.CommitteeResultOverview Committee(string code, string? result, string source) => new()
    {
        CommitteeCode = code, ResultSource = source, Result = result is null ? null : new ProtoDecimal { Value = result },
    };

    [Fact]
    public void A_total_of_results_says_how_many_are_stated_and_how_many_derived_and_their_sums()
    {
        // One committee states −26 300 000, two derive −23 500 000 and +4 000 000, one has no result at all.
        var basis = ResultBasis.Of([Committee("ALN", "-26300000", "stated"), Committee("SCN", "-23500000", "allocation_minus_net_cost"),
            Committee("N03", "4000000", "allocation_minus_net_cost"), Committee("X", null, "")], -45_800_000m);
        Assert.Equal((1, -26_300_000m, 2, -19_500_000m, 3), (basis.StatedCommittees, basis.Stated, basis.DerivedCommittees, basis.Derived, basis.Committees));
        Assert.Equal("Summan av 3 nämnders resultat: 1 angivet av nämnden själv (\u221226,3 mnkr) och 2 beräknade som kommunbidrag − nettokostnad (\u221219,5 mnkr).",
            basis.Describe());
        // Without stated results the stated sum is none, not zero.
        Assert.Null(ResultBasis.Of([Committee("N03", "4000000", "allocation_minus_net_cost")], 4_000_000m).Stated);
    }

    [Fact]
    public void A_units_stated_deviation_comes_before_actual_minus_budget_and_a_division_that_sums_its_units_is_not_ranked()
    {
        static ProtoDecimal D(string v) => new() { Value = v };
        var table = new Contracts.Economy.V1.UnitDeviationTable
        {
            Units =
            {
                new Contracts.Economy.V1.UnitDeviation { UnitCode = "HT", RolledUp = true, Deviation = D("-12000000") },
                new Contracts.Economy.V1.UnitDeviation { UnitCode = "HT-NORR", StatedDeviation = D("-9400000"), PreviousFollowUpStatedDeviation = D("-8100000") },
                new Contracts.Economy.V1.UnitDeviation { UnitCode = "HT-SYD", Actual = D("-10"), Budget = D("-5"), Deviation = D("-5"), PreviousFollowUpDeviation = D("-2") },
                new Contracts.Economy.V1.UnitDeviation { UnitCode = "DV", StatedDeviation = D("1100000") },
                new Contracts.Economy.V1.UnitDeviation { UnitCode = "LED" },
            },
        };
        var largest = UnitDeviationShown.Largest(table, 2);
        Assert.Equal([("HT-NORR", -9_400_000m, "angiven", -8_100_000m), ("HT-SYD", -5m, "utfall − budget", -2m)],
            largest.Select(u => (u.Unit.UnitCode, u.Deviation!.Value, u.Source, u.Previous!.Value)));
        Assert.Equal("summa av enheterna", UnitDeviationShown.Of(table.Units[0]).Source);
        Assert.Equal(3, UnitDeviationShown.Largest(table, 10).Count); // LED has no deviation; HT only sums its units
    }
}
