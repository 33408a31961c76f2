using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Api;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>The gateway's one OpenAPI document (/openapi.json), linted by Spectral and checked against the contracts.</summary>
[Collection(SuiteCollection.Name)]
public sealed partial class OpenApiTests(Suite suite)
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    [NodeFact]
    public async Task Document_passes_spectrals_oas_ruleset_with_no_errors()
    {
        var text = await FetchAsync();
        var file = Path.Combine(Path.GetTempPath(), $"namnd-openapi-{Guid.NewGuid():N}.json");
        var results = Path.ChangeExtension(file, ".spectral.json");
        await File.WriteAllTextAsync(file, text);
        try
        {
            await Node.EnsurePackagesAsync();
            var (exit, output, error) = await Node.RunAsync("npx",
                ["--no-install", "spectral", "lint", "--ruleset", ".spectral.yaml", "--fail-severity=error", "--format", "json", "--output", results, file],
                TimeSpan.FromMinutes(3));
            Assert.True(File.Exists(results), $"spectral wrote no results (exit {exit}):\n{output}\n{error}");
            var errors = JsonNode.Parse(await File.ReadAllTextAsync(results))!.AsArray().Where(r => (int)r!["severity"]! == 0)
                .Select(r => $"{r!["code"]} at {string.Join('.', r["path"]!.AsArray())}: {r["message"]}").ToList();
            Assert.True(errors.Count == 0, "Spectral errors:\n" + string.Join('\n', errors));
            Assert.True(exit == 0, $"spectral lint exited {exit}:\n{output}\n{error}");
        }
        finally
        {
            File.Delete(file);
            File.Delete(results);
        }
    }

    [Fact]
    public async Task Every_route_of_every_rpc_is_in_the_document_with_its_verb()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var expected = AccessRegistry.Methods.Values
            .Where(m => !m.Descriptor.IsClientStreaming)
            .SelectMany(m => Rules(m).Select(r => (Method: m.FullName, r.Verb, Path: VariablePattern().Replace(r.Template, "{$1}"))))
            .ToList();
        Assert.NotEmpty(expected);

        var missing = expected.Where(e => paths[e.Path]?[e.Verb] is null).Select(e => $"{e.Verb.ToUpperInvariant()} {e.Path} ({e.Method})").ToList();
        Assert.True(missing.Count == 0, "Not in /openapi.json:\n" + string.Join('\n', missing));
        foreach (var (method, verb, path) in expected)
        {
            Assert.Equal(method, (string)paths[path]![verb]!["x-grpc-method"]!);
        }
        // Nothing invented: every operation in the document is a route of an RPC, or one of the gateway's raw
        // routes (x-raw-body: gateway/OpenApi/RawRoutes.cs, checked by OpenApiUploadTests).
        var described = paths.SelectMany(p => p.Value!.AsObject().Where(v => Verbs.Contains(v.Key) && v.Value!["x-raw-body"] is null)
            .Select(v => (v.Key, p.Key))).ToHashSet();
        Assert.Equal(expected.Select(e => (e.Verb, e.Path)).ToHashSet(), described);
    }

    [Fact]
    public async Task Document_requires_a_bearer_jwt_has_unique_operation_ids_declared_path_parameters_and_no_dangling_refs()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", (string)scheme["type"]!);
        Assert.Equal("bearer", (string)scheme["scheme"]!);
        Assert.Equal("JWT", (string)scheme["bearerFormat"]!);
        Assert.NotNull(document["security"]!.AsArray().Single()!["bearer"]);

        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(v => (Path: p.Key, Operation: v.Value!))).ToList();
        var ids = operations.Select(o => (string)o.Operation["operationId"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("EconomyService_RecordActivityFigures", ids);

        foreach (var (path, operation) in operations)
        {
            var declared = operation["parameters"]?.AsArray().Where(p => (string)p!["in"]! == "path").Select(p => (string)p!["name"]!).ToHashSet() ?? [];
            var used = TemplateVariable().Matches(path).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.True(used.SetEquals(declared), $"{path}: path parameters {string.Join(",", declared)} vs route {string.Join(",", used)}");
            foreach (var status in new[] { "200", "400", "401", "403", "404", "429" })
            {
                Assert.True(operation["responses"]![status] is not null, $"{operation["operationId"]} has no {status} response");
            }
        }

        var refs = new List<string>();
        CollectRefs(document, refs);
        Assert.NotEmpty(refs);
        var dangling = refs.Distinct().Where(r => Resolve(document, r) is null).ToList();
        Assert.True(dangling.Count == 0, "Unresolved $refs: " + string.Join(", ", dangling));
    }

    [Fact]
    public async Task Schemas_say_what_json_transcoding_writes_decimals_as_strings_int64_as_strings_enums_as_names()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        var money = schemas["namnd.common.v1.Decimal"]!;
        Assert.Equal("object", (string)money["type"]!);
        Assert.Equal("string", (string)money["properties"]!["value"]!["type"]!);

        var figure = schemas["namnd.economy.v1.ActivityFigure"]!["properties"]!;
        Assert.Equal("#/components/schemas/namnd.common.v1.Decimal", (string)figure["actual"]!["$ref"]!);
        Assert.Equal("string", (string)figure["version"]!["type"]!); // int64
        Assert.NotNull(figure["activityCode"]); // the JSON name, not activity_code

        var point = schemas["namnd.common.v1.PeriodPoint"]!;
        Assert.Equal("string", (string)point["type"]!);
        Assert.Contains("PERIOD_POINT_FULL_YEAR", point["enum"]!.AsArray().Select(v => (string)v!));

        var record = Operation(document, "/namnd.economy.v1.EconomyService/RecordActivityFigures");
        var body = record["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("array", (string)body["properties"]!["figures"]!["type"]!);
        Assert.Equal("#/components/schemas/namnd.economy.v1.ActivityFigureInput", (string)body["properties"]!["figures"]!["items"]!["$ref"]!);

        var list = Operation(document, "/namnd.economy.v1.EconomyService/ListActivityFigures");
        var query = list["parameters"]!.AsArray().Where(p => (string)p!["in"]! == "query").ToDictionary(p => (string)p!["name"]!, p => p!["schema"]!);
        Assert.Equal(new[] { "period.year", "period.point" }, query.Keys.ToArray());
        Assert.Equal("integer", (string)query["period.year"]["type"]!);

        // google.api.HttpBody: the printable documents are raw content, not a JSON message.
        var documents = AccessRegistry.Methods.Values.Where(m => m.Descriptor.OutputType.FullName == "google.api.HttpBody").ToList();
        Assert.NotEmpty(documents);
        foreach (var method in documents)
        {
            var content = Operation(document, method.FullName)["responses"]!["200"]!["content"]!.AsObject();
            Assert.DoesNotContain("application/json", content.Select(c => c.Key));
            Assert.Equal("binary", (string)content.Single().Value!["schema"]!["format"]!);
        }

        var error = schemas["google.rpc.Status"]!["properties"]!;
        Assert.Equal("array", (string)error["details"]!["type"]!);
    }

    [Fact]
    public async Task Descriptions_come_from_the_proto_comments()
    {
        var document = await DocumentAsync();
        var record = Operation(document, "/namnd.economy.v1.EconomyService/RecordActivityFigures");
        Assert.Contains("a bad row refuses the whole request and nothing is stored", (string)record["description"]!);
        Assert.Contains("ACCESS_COMMITTEE_WRITE", (string)record["description"]!);

        var schemas = document["components"]!["schemas"]!;
        Assert.Contains("PERIOD_POINT_INTERIM: Delårsbokslut (August).", (string)schemas["namnd.common.v1.PeriodPoint"]!["description"]!);
        Assert.StartsWith("Increases with every change of this row",
            (string)schemas["namnd.economy.v1.ActivityFigure"]!["properties"]!["version"]!["description"]!);
        Assert.StartsWith("A committee's economic follow-up",
            (string)document["tags"]!.AsArray().Single(t => (string)t!["name"]! == "EconomyService")!["description"]!);
    }

    [Fact]
    public async Task A_client_that_follows_the_document_records_and_reads_figures_through_the_gateway()
    {
        var document = await DocumentAsync();
        var committee = Api.NewCommittee("OAS");
        var (recordPath, _) = Route(document, "/namnd.economy.v1.EconomyService/RecordActivityFigures", "post");
        var (listPath, list) = Route(document, "/namnd.economy.v1.EconomyService/ListActivityFigures", "get");

        // Field and parameter names exactly as the document spells them.
        var input = document["components"]!["schemas"]!["namnd.economy.v1.ActivityFigureInput"]!["properties"]!.AsObject();
        Assert.True(input.ContainsKey("activityCode") && input.ContainsKey("actual") && input.ContainsKey("budget"));
        var body = new JsonObject
        {
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" },
            ["figures"] = new JsonArray(new JsonObject
            {
                ["activityCode"] = "5731",
                ["actual"] = new JsonObject { ["value"] = "-174176000.40" },
                ["budget"] = new JsonObject { ["value"] = "-170000000" },
            }),
        };
        await suite.Rest.PostOkAsync(Fill(recordPath, committee), body);

        var queryNames = list["parameters"]!.AsArray().Where(p => (string)p!["in"]! == "query").Select(p => (string)p!["name"]!).ToList();
        var values = new Dictionary<string, string> { ["period.year"] = "2024", ["period.point"] = "PERIOD_POINT_FULL_YEAR" };
        var url = Fill(listPath, committee) + "?" + string.Join('&', queryNames.Select(n => $"{n}={values[n]}"));
        var response = await suite.Rest.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var figures = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["figures"]!.AsArray();
        Assert.Equal("-174176000.40", (string)figures.Single()!["actual"]!["value"]!);
        Assert.Equal("-170000000", (string)figures.Single()!["budget"]!["value"]!);
    }

    [Fact]
    public async Task Document_is_served_without_a_token_and_the_api_it_describes_is_not()
    {
        using var anonymous = suite.AnonymousRest();
        var response = await anonymous.GetAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var data = await anonymous.GetAsync(Api.EconomyPath("SCN", "figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"));
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);
    }

    private async Task<string> FetchAsync()
    {
        using var anonymous = suite.AnonymousRest();
        var response = await anonymous.GetAsync("/openapi.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /openapi.json → {(int)response.StatusCode}: {text}");
        return text;
    }

    private async Task<JsonNode> DocumentAsync() => JsonNode.Parse(await FetchAsync())!;

    private static IEnumerable<(string Verb, string Template)> Rules(ApiMethod method)
    {
        if (method.Descriptor.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } http)
        {
            yield break;
        }
        foreach (var rule in new[] { http }.Concat(http.AdditionalBindings))
        {
            yield return rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("get", rule.Get),
                HttpRule.PatternOneofCase.Post => ("post", rule.Post),
                HttpRule.PatternOneofCase.Put => ("put", rule.Put),
                HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
                HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
                _ => (rule.Custom.Kind.ToLowerInvariant(), rule.Custom.Path),
            };
        }
    }

    private static JsonNode Operation(JsonNode document, string grpcMethod) => Route(document, grpcMethod, null).Operation;

    private static (string Path, JsonNode Operation) Route(JsonNode document, string grpcMethod, string? verb) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(v => (Path: p.Key, Verb: v.Key, Operation: v.Value!)))
            .Where(o => (string?)o.Operation["x-grpc-method"] == grpcMethod && (verb is null || o.Verb == verb))
            .Select(o => (o.Path, o.Operation))
            .First();

    private static string Fill(string path, string committee) =>
        path.Replace("{municipality_code}", Api.Municipality).Replace("{committee_code}", committee);

    private static void CollectRefs(JsonNode? node, List<string> refs)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref")
                    {
                        refs.Add((string)value!);
                    }
                    else
                    {
                        CollectRefs(value, refs);
                    }
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    CollectRefs(item, refs);
                }
                break;
        }
    }

    private static JsonNode? Resolve(JsonNode document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }
        JsonNode? node = document;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node is JsonObject o ? o[part.Replace("~1", "/").Replace("~0", "~")] : null;
        }
        return node;
    }

    [GeneratedRegex(@"\{([^}=]+)(?:=[^}]*)?\}")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateVariable();
}
