using System.Text;
using Google.Protobuf;
using Grpc.Core;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using Decimal = NamndFollowUp.Contracts.Common.V1.Decimal;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// The inputs issue #11 lists, as explicit examples the generators need not stumble on: each keeps the properties
/// (no 5xx / UNKNOWN, refusals name a field) and what the issue asks of it (refused, stored nothing, never rounded).
/// They run in municipalities of their own, so what they store meets no other test's data.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class IssueExamplesTests(FuzzSuite suite) : IAsyncLifetime
{
    /// <summary>
    /// The examples' municipality registers the seed's activity codes (idempotent), so an example that writes 5731 is
    /// refused or kept for what it means to show, not because economy does not know the code.
    /// </summary>
    public async Task InitializeAsync()
    {
        var codes = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "demo", "economy-activity-codes.json"));
        var answer = await Rest("POST", $"/api/v1/economy/municipalities/{M}/activity-codes", codes, suite.Token(M, null, Roles.MunicipalOffice));
        Assert.True(answer.IsOk, $"registering the examples' activity codes: {answer}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private const string M = "7303", C = "FZR";
    private static readonly Tenant Examples = new(M, C, "FZS", "-", "-", "-");
    private static readonly Period FullYear = new() { Year = 2024, Point = PeriodPoint.FullYear };
    private const string Max = "79228162514264337593543950335";

    private string Token => suite.Token(M, C, Roles.All);
    private Fuzzer Fuzzer => suite.Fuzzer;
    private static readonly string[] All = ["economy", "planning", "keyfigures"];

    private async Task<Answer> Grpc(string rpc, IMessage request, Metadata? headers = null) =>
        await Fuzzer.Grpc.CallAsync(Contract.Find(rpc), [request.ToByteArray()], Token,
            $"gRPC {rpc}{(headers?.Get("namnd-service") is { } h ? $" (namnd-service: {h.Value})" : "")} {request}", headers);

    private async Task<Answer> Rest(string verb, string path, string? body = null, string? token = null) =>
        await Fuzzer.Rest.SendAsync(verb, path, body, token ?? Token, $"{verb} {path} {Describe.Shorten(body ?? "")}");

    private static void Keeps(Answer answer) => Properties.Hold(answer, []);


    /// <summary>Refused as invalid, naming a field, and nothing stored.</summary>
    private async Task RefusedAndNothingStored(Func<Task<Answer>> send, string? field = null)
    {
        var before = await Snapshot.TakeSettledAsync(suite, Examples, All);
        var answer = await send();
        Keeps(answer);
        Assert.False(answer.IsOk, $"accepted: {answer}");
        if (field is not null)
        {
            Assert.True(answer.FieldViolations?.Any(f => f.Contains(field, StringComparison.OrdinalIgnoreCase)) == true,
                $"the refusal does not name '{field}': {answer}");
        }
        var after = await Snapshot.TakeAsync(suite, Examples, All);
        Assert.True(before.Difference(after) is null, $"the refused request stored something: {before.Difference(after)}\n{answer}");
    }

    private static string Economy(string rest) => $"/api/v1/economy/municipalities/{M}/committees/{C}/{rest}";

    private const string FullYearJson = "{\"year\":2024,\"point\":\"PERIOD_POINT_FULL_YEAR\"}";
    private const string FullYearQuery = "period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    // ---- item 2: no 5xx from any input ----

    [Fact]
    public async Task A_nul_in_an_activity_code_is_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.economy.v1.EconomyService/RecordActivityFigures",
        new RecordActivityFiguresRequest { MunicipalityCode = M, CommitteeCode = C, Period = FullYear, Figures = { new ActivityFigureInput { ActivityCode = "5731\0", Actual = new Decimal { Value = "-1" } } } }),
        "activity_code");

    [Fact]
    public async Task A_nul_in_a_narrative_of_a_csv_import_is_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.economy.v1.EconomyService/ImportEconomyCsv",
        new ImportFileRequest { MunicipalityCode = M, CommitteeCode = C, FileName = "n.csv", Content = ByteString.CopyFromUtf8("narrative;2024-helår;summary;text\0with NUL\n") }));

    [Fact]
    public async Task A_nul_in_an_sie_object_is_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.economy.v1.EconomyService/ImportSie",
        new ImportFileRequest { MunicipalityCode = M, CommitteeCode = C, FileName = "n.se", Content = ByteString.CopyFrom(Values.Files[13]) }));

    [Fact]
    public async Task A_nul_in_kolada_text_is_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.keyfigures.v1.KeyFiguresService/ImportKoladaValues",
        new ImportKoladaValuesRequest { MunicipalityCode = M, Content = "{\"values\":[{\"kpi\":\"N00001\\u0000\",\"municipality\":\"7303\",\"period\":2024,\"values\":[{\"gender\":\"T\",\"value\":1.5}]}]}" }));

    [Fact]
    public async Task A_kolada_kpi_id_of_a_megabyte_is_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.keyfigures.v1.KeyFiguresService/ImportKoladaValues",
        new ImportKoladaValuesRequest { MunicipalityCode = M, Content = "{\"values\":[{\"kpi\":\"" + new string('N', 1_048_576) + "\",\"municipality\":\"7303\",\"period\":2024,\"values\":[{\"gender\":\"T\",\"value\":1.5}]}]}" }));

    [Fact]
    public async Task A_nul_in_a_planning_import_is_refused() => await RefusedAndNothingStored(() => Rest("POST",
        $"/api/v1/planning/municipalities/{M}/committees/{C}/follow-up:import",
        "{\"period\":" + FullYearJson + ",\"committeeName\":\"Nämnd\\u0000\",\"assignments\":[{\"number\":1,\"status\":\"Klar\",\"comment\":\"a\\u0000b\"}]}"));

    [Fact]
    public async Task Ledger_amounts_whose_sum_overflows_are_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.economy.v1.EconomyService/ImportEconomyCsv",
        new ImportFileRequest { MunicipalityCode = M, CommitteeCode = C, FileName = "o.csv", Content = ByteString.CopyFrom(Values.Files[4]) }));

    [Fact]
    public async Task Amounts_near_decimals_limit_never_break_the_summary_submit_or_the_municipality_results()
    {
        // One committee stores the largest amounts it is allowed to; every later read must still answer.
        const string committee = "FZOVER";
        var token = suite.Token(M, committee, Roles.All);
        var record = new RecordActivityFiguresRequest
        {
            MunicipalityCode = M, CommitteeCode = committee, Period = FullYear,
            Figures =
            {
                new ActivityFigureInput { ActivityCode = "5731", Actual = new Decimal { Value = "-" + Max }, Budget = new Decimal { Value = Max } },
                new ActivityFigureInput { ActivityCode = "5732", Actual = new Decimal { Value = "-" + Max }, Budget = new Decimal { Value = Max } },
            },
        };
        Keeps(await Fuzzer.Grpc.CallAsync(Contract.Find("/namnd.economy.v1.EconomyService/RecordActivityFigures"), [record.ToByteArray()], token, $"{record}"));
        var allocation = new RecordAllocationRequest { MunicipalityCode = M, CommitteeCode = committee, Period = FullYear, AreaName = "Allt", Amount = new Decimal { Value = Max }, ActivityCodes = { "5731", "5732" } };
        Keeps(await Fuzzer.Grpc.CallAsync(Contract.Find("/namnd.economy.v1.EconomyService/RecordAllocation"), [allocation.ToByteArray()], token, $"{allocation}"));

        foreach (var path in new[] { $"result-summary?{FullYearQuery}", $"result-per-activity?{FullYearQuery}", $"figures?{FullYearQuery}" })
        {
            Keeps(await Rest("GET", $"/api/v1/economy/municipalities/{M}/committees/{committee}/{path}", token: token));
        }
        Keeps(await Rest("POST", $"/api/v1/economy/municipalities/{M}/committees/{committee}/report:submit", "{\"period\":" + FullYearJson + "}", token));
        Keeps(await Rest("GET", $"/api/v1/economy/municipalities/{M}/results?{FullYearQuery}", token: suite.Token(M, null, Roles.MunicipalOffice)));
        Keeps(await Rest("GET", $"/api/v1/follow-up/municipalities/{M}?{FullYearQuery}", token: suite.Token(M, null, Roles.MunicipalOffice)));
    }

    [Fact]
    public async Task A_value_with_28_decimals_is_stored_exactly_or_refused_never_rounded()
    {
        const string exact = "0.0000000000000000000000000001";
        var record = new RecordActivityFiguresRequest
        {
            MunicipalityCode = M, CommitteeCode = "FZDEC", Period = FullYear,
            Figures = { new ActivityFigureInput { ActivityCode = "5731", Actual = new Decimal { Value = exact } } },
        };
        var token = suite.Token(M, "FZDEC", Roles.All);
        var answer = await Fuzzer.Grpc.CallAsync(Contract.Find("/namnd.economy.v1.EconomyService/RecordActivityFigures"), [record.ToByteArray()], token, $"{record}");
        Keeps(answer);
        var stored = await Rest("GET", $"/api/v1/economy/municipalities/{M}/committees/FZDEC/figures?{FullYearQuery}", token: token);
        Keeps(stored);
        if (answer.IsOk)
        {
            Assert.Contains(exact, stored.BodyText);
        }
        else
        {
            Assert.DoesNotContain("5731", stored.BodyText);
        }
    }

    [Fact]
    public async Task Key_figure_inputs_that_overflow_inside_a_formula_never_break_the_sheet()
    {
        var office = suite.Token(M, null, Roles.MunicipalOffice);
        var definition = "{\"definition\":{\"code\":\"FZ-1\",\"name\":\"Kvot\",\"category\":\"CATEGORY_KEY_FIGURE\",\"activityCode\":\"5731\",\"formula\":\"a / b * a\",\"unit\":\"kr\",\"sortOrder\":1,"
            + "\"inputs\":[{\"name\":\"a\",\"label\":\"A\",\"kind\":\"INPUT_KIND_ENTERED\"},{\"name\":\"b\",\"label\":\"B\",\"kind\":\"INPUT_KIND_ENTERED\"}]}}";
        Keeps(await Rest("POST", $"/api/v1/keyfigures/municipalities/{M}/definitions", definition, office));
        var inputs = "{\"period\":" + FullYearJson + ",\"values\":[{\"definitionCode\":\"FZ-1\",\"input\":\"a\",\"value\":{\"value\":\"" + Max + "\"}},"
            + "{\"definitionCode\":\"FZ-1\",\"input\":\"b\",\"value\":{\"value\":\"0.0000000000000000000000000001\"}}]}";
        Keeps(await Rest("POST", $"/api/v1/keyfigures/municipalities/{M}/committees/{C}/inputs", inputs));
        Keeps(await Rest("GET", $"/api/v1/keyfigures/municipalities/{M}/committees/{C}/sheet?{FullYearQuery}"));
        Keeps(await Rest("GET", $"/api/v1/keyfigures/municipalities/{M}/committees/{C}/sheet/document?{FullYearQuery}"));
        Keeps(await Rest("GET", $"/api/v1/keyfigures/municipalities/{M}/key-figures?{FullYearQuery}", token: office));
    }

    [Fact]
    public async Task A_deeply_nested_formula_is_refused_not_a_stack_overflow()
    {
        var formula = new string('(', 100_000) + "a" + new string(')', 100_000);
        var definition = "{\"definition\":{\"code\":\"FZ-DEEP\",\"name\":\"Djup\",\"category\":\"CATEGORY_KEY_FIGURE\",\"activityCode\":\"5731\",\"formula\":\"" + formula + "\",\"unit\":\"kr\",\"sortOrder\":2,"
            + "\"inputs\":[{\"name\":\"a\",\"label\":\"A\",\"kind\":\"INPUT_KIND_ENTERED\"}]}}";
        await RefusedAndNothingStored(() => Rest("POST", $"/api/v1/keyfigures/municipalities/{M}/definitions", definition, suite.Token(M, null, Roles.MunicipalOffice)));
        // The process survived: it still answers.
        Keeps(await Rest("GET", $"/api/v1/keyfigures/municipalities/{M}/definitions"));
    }

    /// <summary>The issue's (F6) and what the tier found beside them (F10): a compressed flag without grpc-encoding,
    /// two messages on a unary call, no message at all.</summary>
    public static TheoryData<RawBytesTests.Spoil> ListedFrames => new(RawBytesTests.Spoil.OverflowingLength, RawBytesTests.Spoil.NotGzipUnderGzip,
        RawBytesTests.Spoil.HugeLengthPrefix, RawBytesTests.Spoil.InvalidWireType, RawBytesTests.Spoil.Truncated, RawBytesTests.Spoil.HalfAHeader,
        RawBytesTests.Spoil.CompressedWithoutEncoding, RawBytesTests.Spoil.TwoMessages, RawBytesTests.Spoil.NoFrame);

    [Theory]
    [MemberData(nameof(ListedFrames))]
    public async Task Malformed_protobuf_and_frames_are_refused(RawBytesTests.Spoil spoil)
    {
        var request = new RecordActivityFiguresRequest { MunicipalityCode = M, CommitteeCode = C, Period = FullYear, Figures = { new ActivityFigureInput { ActivityCode = "5731", Actual = new Decimal { Value = "-1" } } } };
        var (body, headers) = RawBytesTests.Build(request.ToByteArray(), spoil, [1, 2, 3]);
        await RefusedAndNothingStored(() => Fuzzer.Grpc.SendRawAsync("/namnd.economy.v1.EconomyService/RecordActivityFigures", body, Token, $"raw {spoil}", headers));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_field_is_refused_naming_the_field()
    {
        // municipality_code = 7303, committee_code = C0 80 (an overlong NUL).
        byte[] message = [0x0A, 0x04, .. Encoding.ASCII.GetBytes(M), 0x12, 0x02, 0xC0, 0x80];
        await RefusedAndNothingStored(() => Fuzzer.Grpc.SendRawAsync("/namnd.economy.v1.EconomyService/RecordActivityFigures", GrpcWire.Frame(message), Token, "raw invalid UTF-8 in committee_code"));
    }

    public static TheoryData<string> UnexpectedServiceHeaders => new("", "nonexistent", "ECONOMY", "economy,planning");

    [Theory]
    [MemberData(nameof(UnexpectedServiceHeaders))]
    public async Task An_unexpected_namnd_service_header_is_refused_not_an_empty_500(string header)
    {
        var request = new ListFactSetsRequest { MunicipalityCode = M, Service = "economy" };
        var answer = await Grpc("/namnd.export.v1.ExportService/ListFactSets", request, new Metadata { { "namnd-service", header } });
        Keeps(answer);
        // Header values compare without letter case (as YARP matches them): ECONOMY may reach economy; the rest name no service.
        Assert.False(answer.IsOk && !header.Equals("economy", StringComparison.OrdinalIgnoreCase), $"answered: {answer}");
    }

    [Fact]
    public async Task The_rest_route_of_pull_facts_that_openapi_lists_does_not_fail()
    {
        var answer = await Rest("GET", $"/api/v1/economy/municipalities/{M}/facts/activity_figures", token: suite.Token(M, null, Roles.BiReader));
        Keeps(answer);
    }

    // ---- item 3: no silent data loss ----

    [Fact]
    public async Task An_unknown_json_field_is_refused_naming_it() => await RefusedAndNothingStored(() => Rest("POST", Economy("figures"),
        "{\"period\":" + FullYearJson + ",\"figures\":[{\"activityCode\":\"5731\",\"actuall\":{\"value\":\"-1\"}}]}"), "actuall");

    [Fact]
    public async Task A_misspelt_planning_import_field_is_refused_naming_it() => await RefusedAndNothingStored(() => Rest("POST",
        $"/api/v1/planning/municipalities/{M}/committees/{C}/follow-up:import",
        "{\"period\":" + FullYearJson + ",\"assignmets\":[{\"number\":1,\"status\":\"Klar\"}]}"), "assignmets");

    [Fact]
    public async Task A_duplicate_json_key_is_refused() => await RefusedAndNothingStored(() => Rest("POST", Economy("figures"),
        "{\"period\":" + FullYearJson + ",\"figures\":[{\"activityCode\":\"5731\",\"actual\":{\"value\":\"-1\"},\"actual\":{\"value\":\"-2\"}}]}"), "actual");

    [Fact]
    public async Task A_csv_line_cut_mid_amount_is_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.economy.v1.EconomyService/ImportEconomyCsv",
        new ImportFileRequest { MunicipalityCode = M, CommitteeCode = C, FileName = "cut.csv", Content = ByteString.CopyFrom(Values.Files[2]) }));

    [Fact]
    public async Task Trailing_garbage_after_an_sie_file_is_refused() => await RefusedAndNothingStored(() => Grpc(
        "/namnd.economy.v1.EconomyService/ImportSie",
        new ImportFileRequest { MunicipalityCode = M, CommitteeCode = C, FileName = "g.se", Content = ByteString.CopyFrom([.. Values.Files[12], .. Encoding.ASCII.GetBytes("\u0001garbage\0")]) }));

    [Fact]
    public async Task A_trailing_nul_in_a_query_parameter_is_refused()
    {
        var answer = await Rest("GET", Economy("figures?period.year=2024%00&period.point=PERIOD_POINT_FULL_YEAR"));
        Keeps(answer);
        Assert.Equal(400, answer.HttpStatus);
    }

    [Fact]
    public async Task A_negative_report_version_is_refused()
    {
        var answer = await Rest("GET", Economy($"report?{FullYearQuery}&version=-1"));
        Keeps(answer);
        Assert.Equal(400, answer.HttpStatus);
    }

    // ---- item 4: every refusal names the field ----

    [Fact]
    public async Task Malformed_json_is_refused_naming_where() => await RefusedAndNothingStored(() => Rest("POST", Economy("figures"), "{\"period\": {\"year\": 2024,"));

    [Fact]
    public async Task An_invalid_enum_name_is_refused_naming_the_field_without_internal_type_names()
    {
        var answer = await Rest("POST", Economy("figures"), "{\"period\":{\"year\":2024,\"point\":\"PERIOD_POINT_NOPE\"},\"figures\":[]}");
        Keeps(answer);
        Assert.Equal(400, answer.HttpStatus);
        Assert.DoesNotContain("NamndFollowUp.Contracts", answer.BodyText);
    }

    // ---- found by this tier, not named by the issue (docs/fuzz-findings.md) ----

    [Fact]
    public async Task A_grpc_message_beyond_the_services_16_mib_limit_is_refused_as_too_large_not_unavailable()
    {
        var request = new ImportFileRequest { MunicipalityCode = M, CommitteeCode = C, FileName = "big.csv", Content = ByteString.CopyFrom(new byte[17 * 1024 * 1024]) };
        var answer = await Grpc("/namnd.economy.v1.EconomyService/ImportEconomyCsv", request);
        Keeps(answer);
        Assert.Equal(StatusCode.ResourceExhausted, answer.Grpc);
    }

    [Fact]
    public async Task A_compressed_frame_without_grpc_encoding_is_refused_not_internal()
    {
        var request = new RecordActivityFiguresRequest { MunicipalityCode = M, CommitteeCode = C, Period = FullYear };
        var (body, headers) = RawBytesTests.Build(request.ToByteArray(), RawBytesTests.Spoil.CompressedWithoutEncoding, []);
        await RefusedAndNothingStored(() => Fuzzer.Grpc.SendRawAsync("/namnd.economy.v1.EconomyService/RecordActivityFigures", body, Token, "raw compressed flag without grpc-encoding", headers));
    }

    [Fact]
    public async Task Two_messages_on_a_unary_call_are_refused_as_invalid_naming_the_message()
    {
        var request = new RecordActivityFiguresRequest { MunicipalityCode = M, CommitteeCode = C, Period = FullYear, Figures = { new ActivityFigureInput { ActivityCode = "5731", Actual = new Decimal { Value = "-1" } } } };
        var (body, headers) = RawBytesTests.Build(request.ToByteArray(), RawBytesTests.Spoil.TwoMessages, []);

        var answer = await Fuzzer.Grpc.SendRawAsync("/namnd.economy.v1.EconomyService/RecordActivityFigures", body, Token, "raw two messages on a unary call", headers);

        Keeps(answer);
        Assert.Equal(StatusCode.InvalidArgument, answer.Grpc);
        Assert.Contains("message", answer.FieldViolations!);
    }

    /// <summary>F17: the refusal quoted the whole value, and its trailers outgrew the gateway's 64 KiB header limit (502).</summary>
    [Theory]
    [InlineData("/namnd.planning.v1.PlanningService/GetSpecialReportingRound")]
    [InlineData("/namnd.report.v1.ReportService/SubmitReport")]
    public async Task A_megabyte_municipality_code_through_the_gateway_is_refused_quoting_only_its_start(string rpc)
    {
        var code = new string('K', 1 << 20);
        IMessage request = rpc.Contains("Planning", StringComparison.Ordinal)
            ? new NamndFollowUp.Contracts.Planning.V1.GetSpecialReportingRoundRequest { MunicipalityCode = code, RoundCode = "R1" }
            : new NamndFollowUp.Contracts.Report.V1.ReportRequest { MunicipalityCode = code, CommitteeCode = C, Period = FullYear, Service = "economy" };

        var answer = await Grpc(rpc, request, rpc.Contains("Report", StringComparison.Ordinal) ? new Metadata { { "namnd-service", "economy" } } : null);

        Keeps(answer);
        Assert.False(answer.IsOk, $"answered: {answer}");
        Assert.NotEqual(StatusCode.Unavailable, answer.Grpc);
        Assert.True(answer.Detail.Length < 2_000, $"the refusal's message is {answer.Detail.Length} characters");
    }

    /// <summary>
    /// New (F18): a file wrong on more than a thousand lines was answered with every violation in the trailers
    /// (about 200 KB), which the gateway refuses as a response header (502 / UNAVAILABLE). The status now lists what
    /// fits and counts the rest.
    /// </summary>
    [Fact]
    public async Task A_file_wrong_on_thousands_of_lines_is_refused_naming_them_through_the_gateway()
    {
        var csv = new StringBuilder();
        for (var i = 0; i < 1_500; i++)
        {
            csv.Append("ledger;2024-helår;5731;;4010;not-an-amount-" + new string('x', 100) + ";actual\n");
        }
        var request = new ImportFileRequest { MunicipalityCode = M, CommitteeCode = C, FileName = "bad.csv", Content = ByteString.CopyFromUtf8(csv.ToString()) };

        await RefusedAndNothingStored(() => Grpc("/namnd.economy.v1.EconomyService/ImportEconomyCsv", request), "line 1");
    }

    /// <summary>New (F19): a path segment out of its field's range was answered by the transcoder without the field.</summary>
    [Fact]
    public async Task A_path_number_out_of_its_fields_range_is_refused_naming_the_field()
    {
        var answer = await Rest("GET", $"/api/v1/planning/municipalities/{M}/assignments/-9223372036854775808/statuses?{FullYearQuery}", token: suite.Token(M, null, Roles.MunicipalOffice));

        Keeps(answer);
        Assert.Equal(400, answer.HttpStatus);
        Assert.Contains("assignment_number", answer.FieldViolations!);
    }

    // ---- item 5: body limits as documented ----

    [Fact]
    public async Task A_json_body_beyond_64_mib_is_refused_as_too_large()
    {
        var body = "{\"period\":" + FullYearJson + ",\"figures\":[{\"activityCode\":\"" + new string('x', 64 * 1024 * 1024) + "\"}]}";
        var answer = await Rest("POST", Economy("figures"), body);
        Keeps(answer);
        Assert.Equal(413, answer.HttpStatus);
    }
}
