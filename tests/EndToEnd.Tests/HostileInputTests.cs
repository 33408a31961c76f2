using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Input an attacker or a broken export would send, through the gateway as a client sends it: refused with
/// INVALID_ARGUMENT / HTTP 400 naming the field and the reason, never a 500, and nothing of it stored. The limits
/// are those of DomainLimits (docs/api.md, "Limits").
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class HostileInputTests(Suite suite)
{
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);

    [Fact]
    public async Task A_NUL_in_an_activity_code_is_refused_naming_the_field_over_REST_and_gRPC()
    {
        var committee = NewCommittee("HN");

        var response = await suite.Rest.PostAsync(EconomyPath(committee, "figures"), Figures(("5731\u0000", -1m, null)));

        var violation = await SingleViolationAsync(response);
        Assert.Equal("figures[0].activity_code", violation.Field);
        Assert.Contains("U+0000", violation.Description);

        var error = await Assert.ThrowsAsync<RpcException>(() => Economy.RecordActivityFiguresAsync(new RecordActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
            Figures = { new ActivityFigureInput { ActivityCode = "5731", UnitCode = "STOR\u0000" } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>();
        Assert.Equal("figures[0].unit_code", Assert.Single(badRequest.FieldViolations).Field);
        Assert.Empty(await FiguresAsync(committee));
    }

    [Fact]
    public async Task A_NUL_in_a_comment_or_an_area_name_is_refused_naming_the_field()
    {
        var committee = NewCommittee("HT");
        var status = new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(), ["status"] = "ASSIGNMENT_STATUS_IN_PROGRESS", ["comment"] = "Arbetet\u0000 pågår.",
        };

        var response = await suite.Rest.PostAsync(PlanningPath(committee, "assignments/1/status"), status);

        var violation = await SingleViolationAsync(response);
        Assert.Equal("comment", violation.Field);
        Assert.Contains("U+0000", violation.Description);

        var allocation = await suite.Rest.PostAsync(EconomyPath(committee, "allocations"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(), ["areaName"] = "Barn\u0001", ["amount"] = Amount(1m), ["activityCodes"] = new JsonArray("5731"),
        });
        Assert.Equal("area_name", (await SingleViolationAsync(allocation)).Field);
    }

    [Theory]
    [InlineData("-1.0000000000000000000000000001", "28 decimals")]
    [InlineData("12.345", "3 decimals")]
    [InlineData("1000000000000000", "out of range")]
    [InlineData("79228162514264337593543950336", "out of range")]
    public async Task An_amount_that_cannot_be_stored_exactly_is_refused_never_rounded(string amount, string reason)
    {
        var committee = NewCommittee("HA");
        var body = Figures(("5731", 0m, null));
        body["figures"]![0]!["actual"] = new JsonObject { ["value"] = amount };

        var response = await suite.Rest.PostAsync(EconomyPath(committee, "figures"), body);

        var violation = await SingleViolationAsync(response);
        Assert.Equal("figures[0].actual", violation.Field);
        Assert.Contains(reason.Split(' ')[^1], violation.Description);
        Assert.Empty(await FiguresAsync(committee));
    }

    [Fact]
    public async Task The_largest_amounts_allowed_keep_result_summary_submit_and_the_municipality_results_answering()
    {
        // Ten rows at the limit (just under 10^15 kronor each) and an allocation at the limit: every total and
        // result the reads compute stays far inside decimal, so one committee cannot break the office's overview.
        var committee = NewCommittee("HL");
        const decimal max = 999_999_999_999_999.99m;
        var rows = Enumerable.Range(0, 10).Select(i => ($"{5700 + i}", (decimal?)-max, (decimal?)max)).ToArray();
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(rows));
        await suite.Rest.PostOkAsync(EconomyPath(committee, "allocations"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(), ["areaName"] = "Allt", ["amount"] = Amount(max),
            ["activityCodes"] = new JsonArray(rows.Select(r => (JsonNode)r.Item1).ToArray()),
        });

        var summary = await suite.Rest.GetAsync(EconomyPath(committee, "result-summary?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"));
        Assert.True(summary.IsSuccessStatusCode, await summary.Content.ReadAsStringAsync());
        // Result = Allocation − NetCost = max − 10·max = −9·max, exactly.
        var total = JsonNode.Parse(await summary.Content.ReadAsStringAsync())!["total"]!;
        Assert.Equal(-9 * max, decimal.Parse(total["result"]!["value"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        var office = new HttpClient { BaseAddress = suite.Rest.BaseAddress };
        office.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Municipality, null, Roles.MunicipalOffice));
        var results = await office.GetAsync($"/api/v1/economy/municipalities/{Municipality}/results?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR");
        Assert.True(results.IsSuccessStatusCode, await results.Content.ReadAsStringAsync());

        var submitted = await suite.Rest.PostAsync(EconomyPath(committee, "report:submit"), new JsonObject { ["period"] = FullYear2024.DeepClone() });
        Assert.True((int)submitted.StatusCode < 500, await submitted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_CSV_cut_in_the_middle_of_a_line_is_refused_and_stores_nothing()
    {
        var committee = NewCommittee("HC");
        var csv = "record;fields\nfigure;2024-helår;5731;;-247200000;-231000000;;;;;;\nfigure;2024-helår;5732;;-2559";

        var response = await PostRawAsync(EconomyPath(committee, "imports/csv:upload"), Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("line 3", body);
        Assert.Contains("has 12 fields", body);
        Assert.Empty(await FiguresAsync(committee));
    }

    [Fact]
    public async Task A_negative_document_version_is_refused()
    {
        var committee = NewCommittee("HV");

        var response = await suite.Rest.GetAsync(EconomyPath(committee, "report?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR&version=-1"));

        var violation = await SingleViolationAsync(response);
        Assert.Equal("version", violation.Field);
    }

    [Fact]
    public async Task A_megabyte_Kolada_KPI_id_and_a_formula_nested_a_thousand_deep_are_refused_by_name()
    {
        // A municipality of its own: definitions are shared by every committee of a municipality.
        const string municipality = "9911";
        var keyFigures = new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc);
        var office = new Metadata { { "authorization", $"Bearer {suite.Token(municipality, null, Roles.MunicipalOffice)}" } };
        KeyFigureDefinition Definition(string formula, string kpi) => new()
        {
            Code = "hx-1", Name = "Prov", Category = Category.KeyFigure, ActivityCode = "5731", Formula = formula, KoladaKpiId = kpi,
            Inputs = { new InputDefinition { Name = "a", Label = "A", Kind = InputKind.Entered } },
        };

        var kpiError = await Assert.ThrowsAsync<RpcException>(() => keyFigures.DefineKeyFigureAsync(new DefineKeyFigureRequest
        {
            MunicipalityCode = municipality, Definition = Definition("a", "N" + new string('1', 1_000_000)),
        }, office).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, kpiError.StatusCode);
        Assert.Equal("definition.kolada_kpi_id", Assert.Single(kpiError.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);

        // 801 characters, within the length a formula may have, but 400 levels deep.
        var nested = new string('(', 400) + "a" + new string(')', 400);
        var formulaError = await Assert.ThrowsAsync<RpcException>(() => keyFigures.DefineKeyFigureAsync(new DefineKeyFigureRequest
        {
            MunicipalityCode = municipality, Definition = Definition(nested, ""),
        }, office).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, formulaError.StatusCode);
        var formulaViolation = formulaError.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single();
        Assert.Contains("formula", formulaViolation.Field);
        Assert.Contains("nests deeper than 32", formulaViolation.Description);

        var tooLong = await Assert.ThrowsAsync<RpcException>(() => keyFigures.DefineKeyFigureAsync(new DefineKeyFigureRequest
        {
            MunicipalityCode = municipality, Definition = Definition(new string('(', 1_000) + "a" + new string(')', 1_000), ""),
        }, office).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Equal("definition.formula", Assert.Single(tooLong.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task Entered_inputs_whose_product_overflows_make_the_figure_not_computable_instead_of_failing()
    {
        const string municipality = "9912";
        var committee = NewCommittee("HO");
        var keyFigures = new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc);
        var office = new Metadata { { "authorization", $"Bearer {suite.Token(municipality, null, Roles.MunicipalOffice)}" } };
        var writer = new Metadata { { "authorization", $"Bearer {suite.Token(municipality, committee, Roles.CommitteeWriter)}" } };
        await keyFigures.DefineKeyFigureAsync(new DefineKeyFigureRequest
        {
            MunicipalityCode = municipality,
            Definition = new KeyFigureDefinition
            {
                Code = "ho-1", Name = "Produkt", Category = Category.KeyFigure, ActivityCode = "5731", Formula = "a * b * c",
                Inputs =
                {
                    new InputDefinition { Name = "a", Label = "A", Kind = InputKind.Entered },
                    new InputDefinition { Name = "b", Label = "B", Kind = InputKind.Entered },
                    new InputDefinition { Name = "c", Label = "C", Kind = InputKind.Entered },
                },
            },
        }, office);
        const string max = "999999999999999.99";

        var sheet = await keyFigures.RecordKeyFigureInputsAsync(new RecordKeyFigureInputsRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto,
            Values =
            {
                new EnteredInputValue { DefinitionCode = "ho-1", Input = "a", Value = new() { Value = max } },
                new EnteredInputValue { DefinitionCode = "ho-1", Input = "b", Value = new() { Value = max } },
                new EnteredInputValue { DefinitionCode = "ho-1", Input = "c", Value = new() { Value = max } },
            },
        }, writer);

        var read = await keyFigures.GetKeyFigureSheetAsync(new GetKeyFigureSheetRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        }, writer);
        Assert.Contains("out of range", read.ToString());
        Assert.Contains("out of range", sheet.ToString());
    }

    private sealed record Violation(string Field, string Description);

    private static async Task<Violation> SingleViolationAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!;
        Assert.Equal(3, error["code"]!.GetValue<int>());
        var violation = Assert.Single(error["details"]![0]!["fieldViolations"]!.AsArray())!;
        return new Violation(violation["field"]!.GetValue<string>(), violation["description"]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> PostRawAsync(string path, byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await suite.Rest.PostAsync(path, body);
    }

    private async Task<IReadOnlyList<ActivityFigure>> FiguresAsync(string committee, int? month = null) =>
        (await Economy.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee,
            Period = month is { } m ? new() { Year = 2024, Point = (NamndFollowUp.Contracts.Common.V1.PeriodPoint)m } : FullYear2024Proto,
        })).Figures;
}
