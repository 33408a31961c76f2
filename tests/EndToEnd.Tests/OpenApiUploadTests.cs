using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Economy's raw uploads (imports/csv:upload, imports/sie:upload) in the gateway's /openapi.json: served by the
/// service outside JSON transcoding, so no http rule describes them; the gateway's RawRoutes do. A client that
/// knows only the document can upload a ledger, and the refusals it lists are the ones the gateway answers.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class OpenApiUploadTests(Suite suite)
{
    private const string FileStream = "/namnd.economy.v1.EconomyService/ImportEconomyFileStream";
    private static readonly Encoding Cp437 = CodePagesEncodingProvider.Instance.GetEncoding(437)!;

    // What services/economy/ImportUploads.cs accepts and docs/economy.md promises, per route.
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["/api/v1/economy/municipalities/{municipalityCode}/committees/{committeeCode}/imports/csv:upload"] = ["text/csv", "text/plain", "application/octet-stream"],
        ["/api/v1/economy/municipalities/{municipalityCode}/committees/{committeeCode}/imports/sie:upload"] = ["application/octet-stream", "text/plain"],
    };

    [Fact]
    public async Task Both_uploads_are_in_the_document_with_their_content_types_the_rpcs_response_schema_access_and_security()
    {
        var document = await DocumentAsync();
        // Economy's file uploads; key figures' Kolada upload is checked on its own below.
        var uploads = Operations(document).Where(o => o.Operation["x-raw-body"] is not null && o.Path.StartsWith("/api/v1/economy/", StringComparison.Ordinal)).ToList();
        Assert.Equal(Expected.Keys.Order(), uploads.Select(u => u.Path).Order());
        Assert.All(uploads, u => Assert.Equal("post", u.Verb));

        // The response schema the generator writes for ImportResult elsewhere (ImportEconomyCsv's 200), by reference.
        var csvImport = Operations(document).Single(o => (string?)o.Operation["x-grpc-method"] == "/namnd.economy.v1.EconomyService/ImportEconomyCsv");
        var importResult = csvImport.Operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("#/components/schemas/namnd.economy.v1.ImportResult", (string)importResult["$ref"]!);
        var resultProperties = document["components"]!["schemas"]!["namnd.economy.v1.ImportResult"]!["properties"]!.AsObject();
        // Every field of the contract's message, in its JSON names (the message grew dry_run and SIE's counts).
        Assert.Equal(NamndFollowUp.Contracts.Economy.V1.ImportResult.Descriptor.Fields.InFieldNumberOrder().Select(f => f.JsonName),
            resultProperties.Select(p => p.Key));

        var access = AccessRegistry.Find(FileStream)!;
        Assert.True(access.Descriptor.IsClientStreaming);
        foreach (var (path, _, operation) in uploads)
        {
            Assert.Equal(new[] { "EconomyService" }, operation["tags"]!.AsArray().Select(t => (string)t!));
            Assert.Equal(FileStream, (string)operation["x-grpc-method"]!);
            Assert.Equal("ACCESS_COMMITTEE_WRITE", (string)operation["x-access"]!);
            Assert.Equal(Access.CommitteeWrite, access.Access);
            Assert.Contains("1 GiB", (string)operation["description"]!);
            Assert.Contains("stream", (string)operation["description"]!);

            // Path parameters named as every other economy route names them, and no query parameters: the
            // periods come from the file.
            var parameters = operation["parameters"]!.AsArray();
            Assert.Equal(new[] { "municipalityCode:path", "committeeCode:path" }, parameters.Select(p => $"{p!["name"]}:{p["in"]}"));
            Assert.All(parameters, p => Assert.True((bool)p!["required"]!));

            var body = operation["requestBody"]!;
            Assert.True((bool)body["required"]!);
            var content = body["content"]!.AsObject();
            Assert.Equal(Expected[path], content.Select(c => c.Key));
            Assert.All(content, c => Assert.Equal(("string", "binary"), ((string)c.Value!["schema"]!["type"]!, (string)c.Value["schema"]!["format"]!)));

            var responses = operation["responses"]!;
            Assert.Equal(importResult.ToJsonString(), responses["200"]!["content"]!["application/json"]!["schema"]!.ToJsonString());
            // The error responses as every operation has them, and the two only a raw body has.
            foreach (var status in new[] { "400", "401", "403", "404", "429", "default" })
            {
                Assert.Equal(csvImport.Operation["responses"]![status]!.ToJsonString(), responses[status]!.ToJsonString());
            }
            Assert.Contains("1 GiB", (string)responses["413"]!["description"]!);
            Assert.Equal("#/components/schemas/google.rpc.Status", (string)responses["415"]!["content"]!["application/json"]!["schema"]!["$ref"]!);

            // Security as every other operation: the document's bearer requirement, not overridden here.
            Assert.Null(operation["security"]);
            Assert.Null(csvImport.Operation["security"]);
            Assert.NotNull(document["security"]!.AsArray().Single()!["bearer"]);
        }
    }

    [Fact]
    public async Task A_client_that_follows_the_document_uploads_a_csv_ledger_in_each_content_type_it_names()
    {
        var document = await DocumentAsync();
        var (path, operation) = Upload(document, "csv:upload");
        // Property names as the document's ImportResult schema spells them.
        var result = document["components"]!["schemas"]!["namnd.economy.v1.ImportResult"]!["properties"]!.AsObject();
        Assert.True(result.ContainsKey("lines") && result.ContainsKey("periods"));

        // Two cost lines on activity 5731, unit OAS: 125,50 + 74,50 = 200,00 of costs.
        var ledger = "record;fields\nledger;2024-helår;5731;OAS;4010;125.50;actual\nledger;2024-helår;5731;OAS;4020;74.50;actual\n";
        foreach (var contentType in ContentTypes(operation))
        {
            var committee = NewCommittee("OU");
            var response = await PostAsync(path, committee, Encoding.UTF8.GetBytes(ledger), contentType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{contentType}: {(int)response.StatusCode} {text}");
            var answer = JsonNode.Parse(text)!;
            Assert.Equal(3, answer["lines"]!.GetValue<int>());
            Assert.Single(answer["periods"]!.AsArray());

            var unit = (await FiguresAsync(committee)).Single(f => f.UnitCode == "OAS");
            Assert.Equal(("5731", 200.00m), (unit.ActivityCode, unit.Costs.ToDecimal()));
        }
    }

    [Fact]
    public async Task A_client_that_follows_the_document_uploads_an_sie_file_in_each_content_type_it_names()
    {
        var document = await DocumentAsync();
        var (path, operation) = Upload(document, "sie:upload");

        // 50,50 of costs in each month of 2024: the year to date in December is 12 × 50,50 = 606,00, a net cost.
        var sie = new StringBuilder("#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#DIM 20 \"Verksamhet\"\r\n#DIM 1 \"Kostnadsställe\"\r\n"
            + "#OBJEKT 20 \"5733\" \"Öppenvård\"\r\n#OBJEKT 1 \"ÖAS\" \"Östra\"\r\n");
        for (var month = 1; month <= 12; month++)
        {
            sie.Append(CultureInfo.InvariantCulture, $"#PSALDO 0 2024{month:00} 4010 {{20 \"5733\" 1 \"ÖAS\"}} 50.50\r\n");
        }
        foreach (var contentType in ContentTypes(operation))
        {
            var committee = NewCommittee("OS");
            await suite.Rest.SetLedgerMappingAsync(committee, activityDimension: 20, unitDimension: 1);
            var response = await PostAsync(path, committee, Cp437.GetBytes(sie.ToString()), contentType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{contentType}: {(int)response.StatusCode} {text}");
            Assert.Equal(7 + 12, JsonNode.Parse(text)!["lines"]!.GetValue<int>());

            var unit = (await FiguresAsync(committee)).Single(f => f.UnitCode == "ÖAS");
            Assert.Equal(("5733", -606.00m), (unit.ActivityCode, unit.Actual.ToDecimal()));
        }
    }

    [Fact]
    public async Task The_refusals_the_document_lists_are_what_the_gateway_answers()
    {
        var document = await DocumentAsync();
        var (path, operation) = Upload(document, "csv:upload");
        var responses = operation["responses"]!;
        var committee = NewCommittee("OR");
        var file = Encoding.UTF8.GetBytes("record;fields\nledger;2024-helår;5731;OAS;4010;1.00;actual\n");

        // 415: a content type the document does not name; the body is the google.rpc.Status it names.
        Assert.NotNull(responses["415"]);
        Assert.DoesNotContain("application/json", ContentTypes(operation));
        var wrongType = await PostAsync(path, committee, file, "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        var status = JsonNode.Parse(await wrongType.Content.ReadAsStringAsync())!;
        Assert.Equal(3, status["code"]!.GetValue<int>()); // INVALID_ARGUMENT
        Assert.Contains("text/csv", (string)status["message"]!);

        // 401: the document's bearer requirement.
        using var anonymous = suite.AnonymousRest();
        var unauthenticated = await anonymous.PostAsync(Fill(path, committee), Raw(file, "text/csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        // 403: a committee's writer uploading into another committee.
        var other = new HttpRequestMessage(HttpMethod.Post, Fill(path, NewCommittee("OX"))) { Content = Raw(file, "text/csv") };
        other.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Municipality, committee, Roles.CommitteeWriter));
        Assert.Equal(HttpStatusCode.Forbidden, (await suite.Rest.SendAsync(other)).StatusCode);

        // 413: a body declared one byte over the 1 GiB the document states is refused by the gateway. Only the
        // head is sent, over a plain socket, as GatewayBodyLimitTests does for ordinary routes.
        Assert.NotNull(responses["413"]);
        var gateway = suite.Rest.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST {Fill(path, committee)} HTTP/1.1\r\nHost: {gateway.Authority}\r\n" +
            $"Authorization: Bearer {suite.Token(Municipality, committee, Roles.CommitteeWriter)}\r\nContent-Type: text/csv\r\n" +
            $"Content-Length: {(1L << 30) + 1}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 413", statusLine);
    }

    [Fact]
    public async Task The_Kolada_upload_is_in_the_document_with_its_content_types_and_the_rpcs_access_and_answer()
    {
        var document = await DocumentAsync();

        var (path, verb, operation) = Operations(document).Single(o => o.Operation["x-raw-body"] is not null && o.Path.EndsWith("/kolada-values:upload", StringComparison.Ordinal));

        Assert.Equal(("/api/v1/keyfigures/municipalities/{municipalityCode}/kolada-values:upload", "post"), (path, verb));
        Assert.Equal("/namnd.keyfigures.v1.KeyFiguresService/ImportKoladaValues", (string)operation["x-grpc-method"]!);
        Assert.Equal("ACCESS_MUNICIPAL_OFFICE", (string)operation["x-access"]!);
        Assert.Equal(new[] { "application/json", "text/csv", "text/plain" }, operation["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal("#/components/schemas/namnd.keyfigures.v1.ImportKoladaValuesResponse",
            (string)operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!);
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var anonymous = suite.AnonymousRest();
        var response = await anonymous.GetAsync("/openapi.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /openapi.json → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static IEnumerable<(string Path, string Verb, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(v => (p.Key, v.Key, v.Value!)));

    private static (string Path, JsonNode Operation) Upload(JsonNode document, string ending)
    {
        var (path, _, operation) = Operations(document).Single(o => o.Operation["x-raw-body"] is not null && o.Path.EndsWith(ending, StringComparison.Ordinal));
        return (path, operation);
    }

    private static List<string> ContentTypes(JsonNode operation) =>
        operation["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ToList();

    private static string Fill(string path, string committee) =>
        path.Replace("{municipalityCode}", Municipality).Replace("{committeeCode}", committee);

    private static ByteArrayContent Raw(byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return body;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string committee, byte[] content, string contentType) =>
        suite.Rest.PostAsync(Fill(path, committee), Raw(content, contentType));

    private async Task<IList<ActivityFigure>> FiguresAsync(string committee) =>
        (await new EconomyService.EconomyServiceClient(suite.Grpc).ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Figures;
}
