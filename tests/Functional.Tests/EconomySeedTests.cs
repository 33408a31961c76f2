using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.EndToEnd.Tests;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.EconomySeed;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// The seed's whole economy loaded through the services' APIs's public import API, and every economy table of
/// Bilaga 3 read back over gRPC and compared with the seed's printed (rounded) values.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomySeedTests(ServiceHosts suite)
{
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);

    [Fact]
    public async Task The_seed_economy_imported_as_CSV_reproduces_every_table_of_Bilaga_3()
    {
        var committee = NewCommittee("EI");
        await suite.Rest.PostOkAsync($"/api/v1/economy/municipalities/{Municipality}/activity-codes", ReadDemo("economy-activity-codes.json"));
        var imported = await ImportCsvAsync(suite, committee, DemoCsv());
        Assert.True(imported["rowsChanged"]!.GetValue<int>() > 50, imported.ToJsonString());

        var request = new GetTablesRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto };
        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto });
        Assert.Equal(Summary.Select(s => s.Area), summary.Areas.Select(a => a.AreaName));
        foreach (var (area, allocation, result, previousYear, forecast) in Summary)
        {
            var row = summary.Areas.Single(a => a.AreaName == area);
            Assert.Equal((allocation, result, previousYear, forecast),
                (Mnkr(row.Allocation.ToDecimal()), Mnkr(row.Result.ToDecimal()), Mnkr(row.PreviousYearResult.ToDecimal()), Mnkr(row.ForecastResult.ToDecimal())));
            Assert.Equal(row.Allocation.ToDecimal() - row.NetCost.ToDecimal(), row.Result.ToDecimal());
        }
        Assert.Equal(SummaryTotal, (Mnkr(summary.Total.Allocation.ToDecimal()), Mnkr(summary.Total.Result.ToDecimal()),
            Mnkr(summary.Total.PreviousYearResult.ToDecimal()), Mnkr(summary.Total.ForecastResult.ToDecimal())));
        Assert.Equal(-23.5m, Mnkr(summary.Total.Result.ToDecimal(), 1)); // Bilaga 1
        Assert.Equal(-2m, Math.Round(summary.Total.ShareOfAllocation.ToDecimal() * 100, 0, MidpointRounding.AwayFromZero)); // "2 procent av budgetramen"
        Assert.Equal(6m, Mnkr(summary.Total.DeviationAgainstForecast.ToDecimal())); // "positiv avvikelse på 6 miljoner kronor"
        Assert.Equal(-21m, Mnkr(summary.Total.DeviationAgainstPreviousYear.ToDecimal())); // "försämrats med 21 miljoner kronor"
        Assert.Equal("helårsprognos 202408", summary.ForecastName);
        Assert.StartsWith("Socialnämnden hade ett underskott på 24 miljoner kronor", summary.Narrative);
        Assert.Contains("avrundade", summary.Rendered);

        var detail = await Economy.GetResultPerActivityAsync(request);
        Assert.Equal(ResultPerActivity.Select(t => t.Area), detail.Areas.Select(a => a.AreaName));
        foreach (var expected in ResultPerActivity)
        {
            var table = detail.Areas.Single(a => a.AreaName == expected.Area);
            Assert.Equal(expected.Rows.Select(r => r.Code), table.Rows.Select(r => r.ActivityCode));
            foreach (var (code, values) in expected.Rows)
            {
                Assert.Equal(values, Shown(table.Rows.Single(r => r.ActivityCode == code).Values, expected.Decimals));
            }
            Assert.Equal(expected.NetCost, Shown(table.NetCost, expected.Decimals));
            Assert.Equal(expected.Allocation, Shown(table.Allocation, expected.Decimals));
            Assert.Equal(expected.Result, Shown(table.Result, expected.Decimals));
            Assert.NotEmpty(table.Narrative);
        }
        Assert.Equal("HVB-vård barn och ungdom", detail.Areas[0].Rows[0].ActivityName);

        var interventions = await Economy.GetInterventionCostsAsync(request);
        Assert.Equal(InterventionCosts.Select(t => t.Area), interventions.Areas.Select(a => a.AreaName));
        foreach (var (area, rows, total) in InterventionCosts)
        {
            var table = interventions.Areas.Single(a => a.AreaName == area);
            foreach (var (code, values) in rows)
            {
                Assert.Equal(values, Shown(table.Rows.Single(r => r.ActivityCode == code).Values, 0));
            }
            Assert.Equal(total, Shown(table.Total, 0));
        }

        var investments = await Economy.GetInvestmentsAsync(request);
        Assert.Equal(Investments, (Mnkr(investments.MunicipalBudget.ToDecimal(), 1), Mnkr(investments.Outcome.ToDecimal(), 1),
            Mnkr(investments.PreviousYearOutcome.ToDecimal(), 1), Mnkr(investments.Forecast.ToDecimal(), 1)));
        Assert.Contains("inventarier", investments.Narrative);

        // The unit tree rolls up: the division BOU has no rows of its own and shows its units' sum.
        var units = await Economy.GetUnitDeviationsAsync(request);
        var division = units.Units.Single(u => u.UnitCode == "BOU");
        Assert.True(division.RolledUp);
        Assert.Equal(-247_200_000m - 255_900_000m - 183_100_000m, division.Actual.ToDecimal());

        // The budget adjustment by KF that lifts Barn- och ungdomsvård from 684,4 to 685 mnkr.
        var savings = await Economy.GetSavingsAsync(request);
        Assert.Equal(600_000m, Assert.Single(savings.BudgetAdjustments).Amount.ToDecimal());
    }

    [Fact]
    public async Task The_same_file_twice_changes_nothing_and_publishes_nothing()
    {
        var committee = NewCommittee("EJ");
        var first = await ImportCsvAsync(suite, committee, DemoCsv());
        Assert.True(first["eventsPublished"]!.GetValue<int>() > 0);
        var outbox = await CountAsync("SELECT count(*) FROM outbox_messages");
        var audit = await CountAsync("SELECT count(*) FROM audit_entries");

        var second = await ImportCsvAsync(suite, committee, DemoCsv());
        Assert.Equal(0, second["rowsChanged"]?.GetValue<int>() ?? 0);
        Assert.Equal(0, second["eventsPublished"]?.GetValue<int>() ?? 0);
        Assert.Equal(outbox, await CountAsync("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(audit, await CountAsync("SELECT count(*) FROM audit_entries"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static decimal[] Shown(Columns c, int decimals) =>
        [Mnkr(c.Actual.ToDecimal(), decimals), Mnkr(c.Budget.ToDecimal(), decimals), Mnkr(c.Forecast.ToDecimal(), decimals), Mnkr(c.PreviousYear.ToDecimal(), decimals)];
}
