using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.EconomySeed;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The seed's whole economy loaded through the gateway's public import API, and every economy table of
/// Bilaga 3 read back over gRPC and compared with the seed's printed (rounded) values.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class EconomySeedTests(Suite suite)
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

/// <summary>The seed's economy tables as printed in Bilaga 3 (mnkr, rounded), and helpers for the economy tests.</summary>
public static class EconomySeed
{
    public sealed record Table(string Area, int Decimals, (string Code, decimal[] Values)[] Rows, decimal[] NetCost, decimal[] Allocation, decimal[] Result);

    /// <summary>Kommunbidrag 2024, Årets resultat 2024, Årets resultat 2023, Helårsprognos resultat 202408.</summary>
    public static readonly (string Area, decimal Allocation, decimal Result, decimal PreviousYear, decimal Forecast)[] Summary =
    [
        ("Politisk verksamhet", 5, 0, 0, 0),
        ("Vård och omsorg om personer med funktionsnedsättning", 0, -4, -2, -4),
        ("Missbrukarvård och övrig vård för vuxna", 234, 10, 10, 14),
        ("Barn- och ungdomsvård", 685, -32, -21, -40),
        ("Familjerätt och familjerådgivning", 24, 1, 1, 2),
        ("Flyktingmottagande", 2, 2, 10, -1),
    ];

    public static readonly (decimal, decimal, decimal, decimal) SummaryTotal = (950, -24, -3, -30);

    /// <summary>"Resultat per verksamhet": Utfall 2024, Budget 2024, Prognos 2024, Utfall 2023.</summary>
    public static readonly Table[] ResultPerActivity =
    [
        new("Barn- och ungdomsvård", 0,
            [("5731", [-247, -231, -251, -251]), ("5732", [-256, -242, -258, -235]), ("5733", [-183, -189, -184, -164]),
             ("5739", [-31, -23, -32, -37]), ("550", [-4, 0, -4, -2])],
            [-721, -685, -729, -690], [685, 684, 684, 666], [-36, 0, -44, -24]),
        new("Missbrukarvård och övrig vård för vuxna", 0,
            [("571", [-144, -147, -140, -137]), ("572", [-79, -87, -79, -71])],
            [-224, -234, -220, -208], [234, 234, 234, 218], [10, 0, 14, 10]),
        new("Familjerätt och familjerådgivning", 1,
            [("581", [-4.6m, -4.6m, -4.6m, -3.5m]), ("589", [-18.2m, -19.6m, -18.1m, -16.4m])],
            [-22.8m, -24.1m, -22.6m, -19.9m], [24.1m, 24.1m, 24.1m, 20.7m], [1.3m, 0.0m, 1.5m, 0.9m]),
        new("Flyktingmottagande", 0, [("610", [-1, -2, -4, 7])], [-1, -2, -4, 7], [2, 2, 2, 2], [2, 0, -1, 10]),
    ];

    public static readonly (string Area, (string Code, decimal[] Values)[] Rows, decimal[] Total)[] InterventionCosts =
    [
        ("Barn- och ungdomsvård",
            [("5731", [-203, -197, -209, -197]), ("5732", [-173, -156, -172, -153]), ("5733", [-92, -91, -92, -81]),
             ("5739", [-31, -31, -31, -34]), ("550", [-4, -4, 0, -3])],
            [-504, -479, -504, -468]),
        ("Flyktingmottagande", [("610", [-10, -15, -12, -16])], [-10, -15, -12, -16]),
    ];

    /// <summary>"Investeringar": KF-budget 2024, Bokslut 2024, Bokslut 2023, Helårsprognos 202408.</summary>
    public static readonly (decimal, decimal, decimal, decimal) Investments = (1.0m, 0.2m, 0.0m, 1.0m);

    public static decimal Mnkr(decimal kronor, int decimals = 0) => Math.Round(kronor / 1_000_000m, decimals, MidpointRounding.AwayFromZero);

    public static byte[] DemoCsv() => File.ReadAllBytes(Path.Combine(Suite.RepositoryRoot, "deploy", "demo", "economy-2024.csv"));

    public static JsonObject ImportBody(byte[] content, string fileName = "economy.csv") =>
        new() { ["fileName"] = fileName, ["content"] = Convert.ToBase64String(content) };

    public static async Task<JsonNode> ImportCsvAsync(Suite suite, string committee, byte[] content) =>
        await suite.Rest.PostOkAsync(EconomyPath(committee, "imports/csv"), ImportBody(content));
}
