using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;
using Decimal = NamndFollowUp.Contracts.Common.V1.Decimal;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// An activity code the municipality has not registered is refused on every path that writes one — CSV (figure, ledger,
/// allocation and layout lines), JSON records, the figures and allocation RPCs, SIE files and ledger mappings — naming
/// the field (or line) and the reason, and nothing of the request is stored. Each test has a municipality of its own
/// holding only the seed's codes, so "5999" is unregistered there whatever other tests register.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomyActivityRegisterTests(ServiceHosts suite)
{
    private const string Unregistered = "5999";
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);

    private async Task<(string Municipality, string Committee)> ScopeAsync()
    {
        var municipality = PlanningDemo.NewMunicipality();
        await suite.Rest.PostOkAsync($"/api/v1/economy/municipalities/{municipality}/activity-codes", ReadDemo("economy-activity-codes.json"));
        return (municipality, NewCommittee("AR"));
    }

    private static string Path(string municipality, string committee, string rest) => $"/api/v1/economy/municipalities/{municipality}/committees/{committee}/{rest}";

    private async Task<List<ActivityFigure>> FiguresAsync(string municipality, string committee) =>
        (await Economy.ListActivityFiguresAsync(new ListActivityFiguresRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto })).Figures.ToList();

    private static async Task<List<(string Field, string Description)>> RefusedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["details"]!.AsArray().SelectMany(d => d!["fieldViolations"]?.AsArray() ?? [])
            .Select(v => ((string)v!["field"]!, (string)v["description"]!)).ToList();
    }

    [Fact]
    public async Task A_CSV_naming_an_unregistered_code_in_a_figure_ledger_allocation_or_layout_line_is_refused_by_line_and_stores_nothing()
    {
        var (m, c) = await ScopeAsync();
        var csv = "record;fields\n" +
            "figure;2024-helår;5731;;-1000;;;;;;;\n" +
            $"figure;2024-helår;{Unregistered};;-2000;;;;;;;\n" +
            "allocation;2024-helår;Barn- och ungdomsvård;1;5000;;5731 5998\n" +
            "layout;detail;Barn- och ungdomsvård;1;5731 5997\n";
        var response = await suite.Rest.PostAsync(Path(m, c, "imports/csv"), EconomySeed.ImportBody(Encoding.UTF8.GetBytes(csv)));
        var violations = await RefusedAsync(response);

        Assert.Equal(["line 3", "line 4", "line 5"], violations.Select(v => v.Field));
        Assert.StartsWith($"column 3 (activity_code): activity code {Unregistered} is not registered for municipality {m}", violations[0].Description);
        Assert.StartsWith("column 7 (activity_codes): activity code 5998 is not registered", violations[1].Description);
        Assert.StartsWith("column 5 (activity_codes): activity code 5997 is not registered", violations[2].Description);
        Assert.Empty(await FiguresAsync(m, c));

        // A ledger line's activity likewise; once the office registers the code, the very same figure is accepted.
        var ledger = $"record;fields\nledger;2024-helår;{Unregistered};;4010;100;actual\n";
        var ledgerViolation = Assert.Single(await RefusedAsync(await suite.Rest.PostAsync(Path(m, c, "imports/csv"), EconomySeed.ImportBody(Encoding.UTF8.GetBytes(ledger)))));
        Assert.Equal("line 2", ledgerViolation.Field);
        Assert.Empty(await FiguresAsync(m, c));

        await TestActivities.RegisterAsync(suite.Rest, m, [Unregistered]);
        await suite.Rest.PostOkAsync(Path(m, c, "imports/csv"), EconomySeed.ImportBody(Encoding.UTF8.GetBytes(ledger)));
        Assert.Equal(-100m, (await FiguresAsync(m, c)).Single(f => f.ActivityCode == Unregistered).Actual.ToDecimal());
    }

    [Fact]
    public async Task The_offices_CSV_registers_codes_and_names_and_each_file_refuses_the_others_records_by_line()
    {
        var m = PlanningDemo.NewMunicipality();
        var path = $"/api/v1/economy/municipalities/{m}/imports/csv";
        var register = "record;fields\n" +
            "municipality;Exempelby kommun\n" +
            "committee;ALN;Äldrenämnden\n" +
            "activity;5101;Hemtjänst;\n" +
            "activity;5102;\"Särskilt boende; vård- och omsorgsboenden\";511\n";
        var first = await suite.Rest.PostOkAsync(path, EconomySeed.ImportBody(Encoding.UTF8.GetBytes(register), "register.csv"));
        Assert.Equal(4, first["rowsChanged"]!.GetValue<int>());
        var codes = await Economy.ListActivityCodesAsync(new ListActivityCodesRequest { MunicipalityCode = m });
        Assert.Equal([("5101", "Hemtjänst", ""), ("5102", "Särskilt boende; vård- och omsorgsboenden", "511")], codes.Codes.Select(c => (c.Code, c.Name, c.ScbCode)));
        var names = await Economy.GetMunicipalityNamesAsync(new GetMunicipalityNamesRequest { MunicipalityCode = m });
        Assert.Equal(("Exempelby kommun", "ALN", "Äldrenämnden"), (names.MunicipalityName, names.Committees.Single().CommitteeCode, names.Committees.Single().Name));
        var again = await suite.Rest.PostOkAsync(path, EconomySeed.ImportBody(Encoding.UTF8.GetBytes(register), "register.csv"));
        Assert.Equal(0, again["rowsChanged"]?.GetValue<int>() ?? 0);

        // A committee's record in the office's file, a code given twice: refused by line, nothing stored.
        var mixed = "record;fields\nactivity;5103;Dagverksamhet;\nfigure;2024-helår;5101;;-1000;;;;;;;\n";
        var violation = Assert.Single(await RefusedAsync(await suite.Rest.PostAsync(path, EconomySeed.ImportBody(Encoding.UTF8.GetBytes(mixed)))));
        Assert.Equal("line 3", violation.Field);
        Assert.Contains("a 'figure' line is a committee's record", violation.Description);
        var twice = "record;fields\nactivity;5103;Dagverksamhet;\nactivity;5103;Dagverksamhet äldre;\n";
        violation = Assert.Single(await RefusedAsync(await suite.Rest.PostAsync(path, EconomySeed.ImportBody(Encoding.UTF8.GetBytes(twice)))));
        Assert.Equal(("line 3", "the same activity code as line 2; each may appear once per file"), violation);
        Assert.DoesNotContain((await Economy.ListActivityCodesAsync(new ListActivityCodesRequest { MunicipalityCode = m })).Codes, c => c.Code == "5103");

        // The office's record in a committee's file is refused on its line, naming where it belongs.
        var committeeFile = "record;fields\nactivity;5103;Dagverksamhet;\n";
        violation = Assert.Single(await RefusedAsync(await suite.Rest.PostAsync(Path(m, NewCommittee("AR"), "imports/csv"), EconomySeed.ImportBody(Encoding.UTF8.GetBytes(committeeFile)))));
        Assert.Equal("line 2", violation.Field);
        Assert.Contains($"import it in the municipality's file (POST /api/v1/economy/municipalities/{{m}}/imports/csv)", violation.Description);
    }

    [Fact]
    public async Task JSON_records_name_the_records_field_and_store_none_of_the_request()
    {
        var (m, c) = await ScopeAsync();
        var body = new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["figures"] = new JsonArray(
                new JsonObject { ["activityCode"] = "5731", ["actual"] = Amount(-1000m) },
                new JsonObject { ["activityCode"] = Unregistered, ["actual"] = Amount(-2000m) }),
            ["allocations"] = new JsonArray(new JsonObject
            {
                ["areaName"] = "Barn- och ungdomsvård", ["sortOrder"] = 1, ["amount"] = Amount(5000m), ["activityCodes"] = new JsonArray("5731", "5998"),
            }),
            ["layoutAreas"] = new JsonArray(new JsonObject { ["layout"] = "detail", ["areaName"] = "Barn", ["sortOrder"] = 1, ["activityCodes"] = new JsonArray("5997") }),
        };
        var violations = await RefusedAsync(await suite.Rest.PostAsync(Path(m, c, "records"), body));

        Assert.Equal(["figures[1].activity_code", "allocations[0].activity_codes", "layout_areas[0].activity_codes"], violations.Select(v => v.Field));
        Assert.All(violations, v => Assert.Contains("is not registered for municipality " + m, v.Description));
        Assert.Empty(await FiguresAsync(m, c));
    }

    [Fact]
    public async Task The_figures_and_allocation_RPCs_refuse_an_unregistered_code_as_INVALID_ARGUMENT_naming_the_field()
    {
        var (m, c) = await ScopeAsync();
        var figures = await Assert.ThrowsAsync<RpcException>(() => Economy.RecordActivityFiguresAsync(new RecordActivityFiguresRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto,
            Figures =
            {
                new ActivityFigureInput { ActivityCode = "5731", Actual = new Decimal { Value = "-1000" } },
                new ActivityFigureInput { ActivityCode = Unregistered, Actual = new Decimal { Value = "-2000" } },
            },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, figures.StatusCode);
        var violation = Assert.Single(figures.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("figures[1].activity_code", violation.Field);
        Assert.Contains($"activity code {Unregistered} is not registered", violation.Description);
        Assert.Empty(await FiguresAsync(m, c));

        var allocation = await Assert.ThrowsAsync<RpcException>(() => Economy.RecordAllocationAsync(new RecordAllocationRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto, AreaName = "Barn- och ungdomsvård",
            Amount = new Decimal { Value = "5000" }, ActivityCodes = { "5731", Unregistered },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, allocation.StatusCode);
        Assert.Equal("activity_codes[1]", Assert.Single(allocation.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);
        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto });
        Assert.Empty(summary.Areas);
    }

    [Fact]
    public async Task A_ledger_mapping_to_an_unregistered_code_and_an_SIE_object_that_is_one_are_refused()
    {
        var (m, c) = await ScopeAsync();
        var mapping = await suite.Rest.PostAsync(Path(m, c, "ledger-mapping"), new JsonObject
        {
            ["mapping"] = new JsonObject
            {
                ["activityDimension"] = 20, ["defaultActivity"] = Unregistered,
                ["activityObjects"] = new JsonObject { ["HVB"] = "5731", ["ÖPP"] = "5998" },
            },
        });
        Assert.Equal(["mapping.default_activity", "mapping.activity_objects[ÖPP]"], (await RefusedAsync(mapping)).Select(v => v.Field));
        var stored = await Economy.GetLedgerMappingAsync(new GetLedgerMappingRequest { MunicipalityCode = m, CommitteeCode = c });
        Assert.Equal("none", stored.Source);

        // Objects taken as they are: the file's 5733 is registered, its 5999 is not; the line of 5999's balance is named.
        await suite.Rest.PostOkAsync(Path(m, c, "ledger-mapping"), new JsonObject { ["mapping"] = new JsonObject { ["activityDimension"] = 20 } });
        var sie = new StringBuilder("#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#DIM 20 \"Verksamhet\"\r\n#OBJEKT 20 \"5733\" \"Öppenvård\"\r\n#OBJEKT 20 \"5999\" \"Okänd\"\r\n");
        sie.Append(CultureInfo.InvariantCulture, $"#PSALDO 0 202412 4010 {{20 \"5733\"}} 100.25\r\n");
        sie.Append(CultureInfo.InvariantCulture, $"#PSALDO 0 202412 4010 {{20 \"{Unregistered}\"}} 200.50\r\n");
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(sie.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var violations = await RefusedAsync(await suite.Rest.PostAsync(Path(m, c, "imports/sie:upload"), content));
        // December's balance is the month's row and the helår row alike: both are refused, on the balance's line.
        Assert.NotEmpty(violations);
        Assert.All(violations, v => Assert.Equal("line 8", v.Field));
        Assert.All(violations, v => Assert.Contains($"activity code {Unregistered} is not registered", v.Description));
        Assert.Empty(await FiguresAsync(m, c));
    }
}
