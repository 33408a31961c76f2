using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Events;
using Npgsql;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.EconomySeed;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Imports large enough for the set-based merge (2,000 figure rows and more): the same rows, events and
/// audit entries as the entity path would write, in one transaction.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomyBulkImportTests(ServiceHosts suite) : IAsyncLifetime
{
    /// <summary>The files' activities 5731–7730 are registered first: economy refuses a code its municipality has not registered.</summary>
    public async Task InitializeAsync() =>
        await TestActivities.RegisterAsync(suite.Rest, Municipality, Enumerable.Range(5731, 2000).Select(c => c.ToString(CultureInfo.InvariantCulture)));

    public Task DisposeAsync() => Task.CompletedTask;

    // 100 activities × 20 units: 2,000 unit rows and 100 committee-level rows.
    private static string Ledger(bool withUnits = false, bool withUnplacedLine = false)
    {
        var csv = new StringBuilder();
        if (withUnits)
        {
            for (var u = 0; u < 20; u++) csv.Append(CultureInfo.InvariantCulture, $"unit;U{u:00};Enhet {u};unit;\n");
        }
        for (var a = 0; a < 100; a++)
        {
            for (var u = 0; u < 20; u++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"ledger;2024-helår;{5731 + a};U{u:00};4010;1000.50;actual\n");
            }
        }
        csv.Append("ledger;2024-helår;5731;U00;3010;-0.25;actual\n");
        if (withUnplacedLine)
        {
            csv.Append("ledger;2024-helår;5731;;4010;7;actual\n");
        }
        return csv.ToString();
    }

    [Fact]
    public async Task A_large_ledger_import_writes_every_changed_row_its_event_and_its_audit_entry_once()
    {
        var committee = NewCommittee("EL");
        var first = await ImportCsvAsync(suite, committee, Encoding.UTF8.GetBytes(Ledger()));
        Assert.Equal((2100, 2100), (first["rowsChanged"]!.GetValue<int>(), first["eventsPublished"]!.GetValue<int>()));

        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);
        var figures = (await economy.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Figures;
        Assert.Equal(2100, figures.Count);
        var row = figures.Single(f => f.ActivityCode == "5731" && f.UnitCode == "");
        // 20 units × 1 000,50 in costs, 0,25 in income: Actual = Income − Costs.
        Assert.Equal((20_010.00m, 0.25m, -20_009.75m, 1L), (row.Costs.ToDecimal(), row.Income.ToDecimal(), row.Actual.ToDecimal(), row.Version));

        var events = await Payloads(committee);
        Assert.Equal(2100, events.Count);
        var changed = events.Single(e => e.ActivityCode == "5731" && e.UnitCode == "");
        Assert.Equal((Municipality, committee, 2024, 14, -20_009.75m, 20_010.00m, 0.25m, 1L),
            (changed.MunicipalityCode, changed.CommitteeCode, changed.Year, changed.PeriodPoint, changed.Actual, changed.Costs, changed.Income, changed.Version));
        Assert.Equal(2100, await Count($"SELECT count(*) FROM audit_entries WHERE \"CommitteeCode\" = '{committee}' AND \"Entity\" = 'ActivityFigure'"));

        var again = await ImportCsvAsync(suite, committee, Encoding.UTF8.GetBytes(Ledger()));
        Assert.Equal(0, again["rowsChanged"]?.GetValue<int>() ?? 0);
        Assert.Equal(2100, (await Payloads(committee)).Count);
        Assert.Equal(2100, await Count($"SELECT count(*) FROM audit_entries WHERE \"CommitteeCode\" = '{committee}' AND \"Entity\" = 'ActivityFigure'"));
    }

    [Fact]
    public async Task A_large_ledger_import_sets_a_stored_rows_booked_measures_and_keeps_its_forecast_and_intervention_costs()
    {
        // Ledger totals are partial rows: over a stored row they set Actual, Budget, Costs and Income and keep the rest.
        var committee = NewCommittee("EP");
        await ImportCsvAsync(suite, committee, Encoding.UTF8.GetBytes("figure;2024-helår;5731;;-100.00;-90.00;-95.00;;;10.00;12.00;11.00\n"));

        var result = await ImportCsvAsync(suite, committee, Encoding.UTF8.GetBytes(Ledger()));
        Assert.Equal(2100, result["rowsChanged"]!.GetValue<int>());

        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);
        var row = (await economy.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Figures.Single(f => f.ActivityCode == "5731" && f.UnitCode == "");
        // From the ledger: 20 units × 1 000,50 in costs, 0,25 in income, no budget lines; from the stored row: the rest.
        Assert.Equal((-20_009.75m, 20_010.00m, 0.25m, (decimal?)null), (row.Actual.ToDecimal(), row.Costs.ToDecimal(), row.Income.ToDecimal(), row.Budget?.ToDecimal()));
        Assert.Equal((-95.00m, 10.00m, 12.00m, 11.00m, 2L),
            (row.Forecast.ToDecimal(), row.InterventionCost.ToDecimal(), row.InterventionCostBudget.ToDecimal(), row.InterventionCostForecast.ToDecimal(), row.Version));

        var changed = (await Payloads(committee)).Where(e => e.ActivityCode == "5731" && e.UnitCode == "").OrderBy(e => e.Version).ToList();
        Assert.Equal([1L, 2L], changed.Select(e => e.Version));
        Assert.Equal((-20_009.75m, -95.00m, 10.00m), (changed[1].Actual, changed[1].Forecast, changed[1].InterventionCost));
        Assert.Equal(1, await Count($"""
            SELECT count(*) FROM audit_entries WHERE "CommitteeCode" = '{committee}' AND "Entity" = 'ActivityFigure' AND "Action" = 'Modified'
                AND "Changes"->'Actual'->>'from' = '-100.00' AND "Changes"->'Actual'->>'to' = '-20009.75'
            """));
    }

    [Fact]
    public async Task A_large_import_that_breaks_a_rule_stores_nothing()
    {
        var committee = NewCommittee("EK");
        // Every unit is registered, so the units of 5731 must sum to its row; a line without a unit breaks that.
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv"), ImportBody(Encoding.UTF8.GetBytes(Ledger(withUnits: true, withUnplacedLine: true))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("units-sum-to-activity", body);
        Assert.Contains("-20016.75", body); // the row: 0,25 − (20 010 + 7)
        Assert.Contains("-20009.75", body); // what its units sum to
        Assert.Equal(0, await Count($"SELECT count(*) FROM activity_figures WHERE \"CommitteeCode\" = '{committee}'"));
        Assert.Empty(await Payloads(committee));
    }

    [Fact]
    public async Task A_large_import_with_a_figure_row_twice_is_refused_naming_both_lines_and_stores_nothing()
    {
        // Found by tests/Fuzz.Tests: the set-based merge met the duplicate before it was reported, and PostgreSQL's
        // "ON CONFLICT DO UPDATE command cannot affect row a second time" reached the caller as UNKNOWN.
        var committee = NewCommittee("ED");
        var csv = new StringBuilder();
        for (var a = 0; a < 2000; a++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"figure;2024-helår;{5731 + a};;-1.00;-1.00;;;;;;\n");
        }
        csv.Append("figure;2024-helår;5731;;-2.00;-2.00;;;;;;\n");
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv"), ImportBody(Encoding.UTF8.GetBytes(csv.ToString())));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 2001", body);
        Assert.Contains("the same figure as line 1", body);
        Assert.Equal(0, await Count($"SELECT count(*) FROM activity_figures WHERE \"CommitteeCode\" = '{committee}'"));
        Assert.Empty(await Payloads(committee));
    }

    private async Task<List<ActivityFiguresChanged>> Payloads(string committee)
    {
        await using var connection = new NpgsqlConnection(suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Payload\"::text FROM outbox_messages WHERE \"MessageType\" LIKE '%ActivityFiguresChanged%' AND \"Payload\"->>'committeeCode' = $1", connection);
        command.Parameters.AddWithValue(committee);
        var payloads = new List<ActivityFiguresChanged>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            payloads.Add(JsonSerializer.Deserialize<ActivityFiguresChanged>(reader.GetString(0), new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
        }
        return payloads;
    }

    private async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
