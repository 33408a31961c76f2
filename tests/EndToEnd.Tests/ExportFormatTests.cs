using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grpc.Core;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The CSV and NDJSON exports field by field: the CSV is written by PostgreSQL's COPY, and must say exactly
/// what the rows' JSON says — exact decimals, empty fields for null and "", ISO 8601 times, stable keys.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed partial class ExportFormatTests(Suite suite)
{
    [Fact]
    public async Task The_CSV_export_has_every_column_exactly_in_full_and_incremental_pulls()
    {
        var committee = NewCommittee("CSV");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -247_200_000.50m, null)));
        using var bi = Bi();

        var (full, token) = await Csv(bi, changeToken: null);
        Assert.StartsWith("operation,key,", full.Header);
        var row = Assert.Single(full.Rows, r => r["CommitteeCode"] == committee);
        Assert.Equal("insert", row["operation"]);
        Assert.Equal($"{Municipality}/{committee}/2024/14/5731/", row["key"]);
        Assert.Equal(Municipality, row["MunicipalityCode"]);
        Assert.Equal("2024", row["Year"]);
        Assert.Equal("14", row["PeriodPoint"]);
        Assert.Equal("-247200000.50", row["Actual"]);
        Assert.Equal("", row["Budget"]);     // null
        Assert.Equal("", row["UnitCode"]);   // "" (the committee-level row)
        Assert.Equal("1", row["Version"]);
        Assert.Matches(IsoTimestamp(), row["UpdatedAt"]);

        // A correction: the next pull with the token is exactly that one update.
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -247_300_000.25m, -231_000_000m)));
        var (changes, next) = await Csv(bi, token);
        Assert.Equal(full.Header, changes.Header);
        var update = Assert.Single(changes.Rows, r => r["CommitteeCode"] == committee);
        Assert.Equal("update", update["operation"]);
        Assert.Equal($"{Municipality}/{committee}/2024/14/5731/", update["key"]);
        Assert.Equal("-247300000.25", update["Actual"]);
        Assert.Equal("-231000000", update["Budget"]);
        Assert.Equal("", update["UnitCode"]);
        Assert.Equal("2", update["Version"]);
        Assert.Matches(IsoTimestamp(), update["UpdatedAt"]);
        Assert.NotEqual(token, next);

        // The NDJSON of the same set says the same.
        var ndjson = (await bi.GetStringAsync($"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.ndjson"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.NotNull(ndjson[0]["changeToken"]);
        var json = ndjson.Skip(1).Single(l => (string)l["row"]!["CommitteeCode"]! == committee);
        Assert.Equal(update["key"], (string)json["key"]!);
        // Amounts as exact strings in NDJSON: no reader turns them into binary floating point.
        Assert.Equal(System.Text.Json.JsonValueKind.String, json["row"]!["Actual"]!.GetValueKind());
        Assert.Equal("-247300000.25", (string)json["row"]!["Actual"]!);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, json["row"]!["Version"]!.GetValueKind());
        Assert.Equal(update["UpdatedAt"], (string)json["row"]!["UpdatedAt"]!);
    }

    [Theory]
    [InlineData("planning", "assignment_status_reports")]
    [InlineData("planning", "follow_ups")]
    [InlineData("keyfigures", "computed_key_figures")]
    [InlineData("keyfigures", "entered_inputs")]
    [InlineData("economy", "activity_figures")]
    public async Task Every_fact_sets_CSV_says_what_its_NDJSON_says(string service, string factSet)
    {
        // A municipality of its own with a row in every set; texts with a comma, quotes and a line break.
        var m = PlanningDemo.NewMunicipality();
        var committee = NewCommittee("CSV");
        await suite.Rest.PostOkAsync(PlanningDemo.PlanningMunicipalityPath(m, "plans/2024"), new JsonObject
        {
            ["year"] = 2024,
            ["focusGoals"] = new JsonArray(new JsonObject { ["number"] = 1, ["title"] = "Uppsala ska säkra en stark ekonomi" }),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 4, ["focusGoalNumber"] = 1, ["text"] = "Stärka kompetensförsörjningen.", ["committeeCodes"] = new JsonArray(committee) }),
        });
        await suite.Rest.PostOkAsync(PlanningDemo.PlanningCommitteePath(m, committee, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assessments"] = new JsonArray(new JsonObject { ["focusGoalNumber"] = 1, ["assessment"] = "leder till", ["text"] = "Budget i balans, \"nästan\".\nAndra raden." }),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 4, ["status"] = "Färdig", ["comment"] = "Klart, med \"citat\"." }),
        });
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = KeyFiguresTesting.DemoDefinition("5731-1") });
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, committee, "inputs"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["values"] = new JsonArray(new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "care_days", ["value"] = Amount(32_380.5m) }),
        });
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, committee, Figures(("5731", -1.5m, null)));

        using var bi = suite.AnonymousRest();
        bi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(m, null, Roles.BiReader));
        var path = $"/api/v1/{service}/municipalities/{m}/facts/{factSet}/rows";
        var csv = ParseCsv(await bi.GetStringAsync(path + ".csv"));
        var ndjson = (await bi.GetStringAsync(path + ".ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        // gRPC with PULL_FORMAT_CSV: the same CSV in chunks, then the change token.
        var grpc = new ExportService.ExportServiceClient(suite.AnonymousGrpc());
        using (var call = grpc.PullFacts(new PullFactsRequest { MunicipalityCode = m, Service = service, FactSet = factSet, Format = PullFormat.Csv },
                   new Metadata { { "authorization", $"Bearer {suite.Token(m, null, Roles.BiReader)}" }, { "namnd-service", service } }))
        {
            var chunks = new MemoryStream();
            var token = "";
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                call.ResponseStream.Current.Csv.WriteTo(chunks);
                token = call.ResponseStream.Current.ChangeToken is { Length: > 0 } t ? t : token;
            }
            Assert.Equal(csv, ParseCsv(System.Text.Encoding.UTF8.GetString(chunks.ToArray())));
            Assert.NotEqual("", token);
        }

        var columns = ndjson[0]["columns"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
        Assert.Equal(["operation", "key", .. columns], csv[0]);
        var rows = csv.Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(ndjson.Count - 1, rows.Count);
        foreach (var (fields, json) in rows.Zip(ndjson.Skip(1)))
        {
            Assert.Equal((string)json["operation"]!, fields[0]);
            Assert.Equal((string)json["key"]!, fields[1]);
            var row = json["row"]!.AsObject();
            for (var i = 0; i < columns.Count; i++)
            {
                var value = row[columns[i]];
                if (value is JsonObject or JsonArray)
                {
                    // A json column: the same document (PostgreSQL spaces it as it stores it).
                    Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(fields[i + 2])), $"{factSet}.{columns[i]}: CSV '{fields[i + 2]}', JSON '{value.ToJsonString()}'");
                    continue;
                }
                var expected = value is null ? "" : value.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)value! : value.ToJsonString();
                Assert.True(expected == fields[i + 2], $"{factSet}.{columns[i]}: CSV '{fields[i + 2]}', JSON '{expected}'");
            }
        }
    }

    /// <summary>RFC 4180 as PostgreSQL writes it: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { record.Add(field.ToString()); field.Clear(); records.Add(record); record = []; }
            else if (c != '\r') { field.Append(c); }
        }
        return records;
    }

    [Fact]
    public async Task The_Excel_dialect_opens_in_pandas_with_semicolons_decimal_comma_Swedish_headers_and_codes_as_text()
    {
        var committee = NewCommittee("XL");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"),
            Figures(("5731", -247_200_000.50m, -231_000_000m), ("5732", -255_900_000m, -242_000_000.25m)));
        var token = suite.Token(Municipality, null, Roles.BiReader);
        var url = $"{suite.GatewayRestAddress}/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.csv?dialect=excel-sv";

        using var http = suite.AnonymousRest();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(bytes));
        // The byte order mark (EF BB BF), then Swedish headers separated by ';'.
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("Ändring;Nyckel;", text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        // No field of these rows holds a ';' or a quote, so a plain split reads them.
        var row = lines.Skip(1).Select(l => header.Zip(l.Split(';')).ToDictionary(x => x.First, x => x.Second))
            .Single(r => r["Nämnd"] == committee && r["Verksamhet"] == "5731");
        Assert.Equal("ny", row["Ändring"]);
        Assert.Equal($"{Municipality}/{committee}/2024/14/5731/", row["Nyckel"]);
        Assert.Equal(Municipality, row["Kommun"]);
        Assert.Equal("helår", row["Period"]);
        Assert.Equal("-247200000,50", row["Utfall"]);
        Assert.Equal("-231000000", row["Budget"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", row["Ändrad"]);

        // pandas as the docs tell a reader: ';', decimal comma, the BOM, and the codes as text.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = $$"""
            import pandas as pd
            df = pd.read_csv("{{url}}", storage_options={"Authorization": "Bearer {{token}}"}, sep=";", decimal=",", encoding="utf-8-sig",
                             dtype={"Kommun": str, "Nämnd": str, "Verksamhet": str, "Enhet": str})
            ours = df[df["Nämnd"] == "{{committee}}"]
            print(",".join(sorted(set(ours["Kommun"]))), len(ours), f'{ours["Utfall"].sum():.2f}', f'{ours["Budget"].sum():.2f}',
                  ",".join(sorted(ours["Verksamhet"])), ",".join(sorted(set(ours["Period"]))), str(ours["Utfall"].dtype))
            """;
        var start = new ProcessStartInfo(python, ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pandas failed: {error}");
        // −247 200 000,50 − 255 900 000 = −503 100 000,50; −231 000 000 − 242 000 000,25 = −473 000 000,25.
        Assert.Equal("0380 2 -503100000.50 -473000000.25 5731,5732 helår float64", output.Trim());
    }

    [Fact]
    public async Task An_unknown_CSV_dialect_is_refused_naming_the_dialects()
    {
        using var bi = Bi();
        var response = await bi.GetAsync($"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.csv?dialect=excel-us");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var status = await RefusalAsync(response);
        Assert.Equal(3, status.GetProperty("code").GetInt32()); // INVALID_ARGUMENT
        Assert.Contains("excel-sv", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_fact_set_is_refused_as_not_found_naming_the_fact_sets()
    {
        using var bi = Bi();
        var response = await bi.GetAsync($"/api/v1/economy/municipalities/{Municipality}/facts/passwords/rows.ndjson");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        var status = await RefusalAsync(response);
        Assert.Equal(5, status.GetProperty("code").GetInt32()); // NOT_FOUND
        Assert.Contains("activity_figures", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Another_municipalitys_export_is_refused_as_permission_denied()
    {
        using var bi = Bi();
        var response = await bi.GetAsync("/api/v1/economy/municipalities/0180/facts/activity_figures/rows.csv");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(7, (await RefusalAsync(response)).GetProperty("code").GetInt32()); // PERMISSION_DENIED
    }

    /// <summary>The google.rpc.Status a refusal carries, as the export's RPCs answer through JSON transcoding.</summary>
    private static async Task<System.Text.Json.JsonElement> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.Clone();
    }

    [Fact]
    public async Task A_bad_change_token_is_refused_before_any_row()
    {
        using var bi = Bi();
        var response = await bi.GetAsync($"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.csv?changeToken=nonsense");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("change_token", (await RefusalAsync(response)).ToString());
    }

    [Fact]
    public async Task A_pull_refused_after_its_change_token_was_taken_carries_neither_the_token_nor_the_download_header()
    {
        // The pull's rows wait behind a lock, after the pull has taken its change token (and, for Excel, named its file);
        // then its database connection is ended, as a database restart ends it: the pull answers 503 before any row.
        await using var holder = new Npgsql.NpgsqlConnection(suite.ConnectionString("economy"));
        await holder.OpenAsync();
        await using var locked = await holder.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("LOCK TABLE activity_figures IN ACCESS EXCLUSIVE MODE", holder, locked))
        {
            await take.ExecuteNonQueryAsync();
        }
        using var bi = Bi();
        var pull = bi.GetAsync($"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.csv?dialect=excel-sv");
        // Watched from a connection of its own: within the holder's transaction pg_stat_activity would stay as it was at its first read.
        await using var watcher = new Npgsql.NpgsqlConnection(suite.ConnectionString("economy"));
        await watcher.OpenAsync();
        await using (var end = new Npgsql.NpgsqlCommand("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'COPY %'
            """, watcher))
        {
            var watch = Stopwatch.StartNew();
            while ((long)(await end.ExecuteScalarAsync())! == 0)
            {
                // The COPY's text is longer than pg_stat_activity keeps (1 kB), so it is known by its verb, not its table.
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the pull's COPY never waited for the lock");
                await Task.Delay(20);
            }
        }
        await locked.RollbackAsync();

        using var response = await pull;
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(14, (await RefusalAsync(response)).GetProperty("code").GetInt32()); // UNAVAILABLE
        // A client that keeps the header without looking at the status would skip the changes this pull never delivered.
        Assert.False(response.Headers.Contains("Change-Token"));
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    private HttpClient Bi()
    {
        var client = suite.AnonymousRest();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Municipality, null, Roles.BiReader));
        return client;
    }

    private static async Task<((string Header, List<Dictionary<string, string>> Rows) Csv, string Token)> Csv(HttpClient client, string? changeToken)
    {
        var url = $"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.csv"
            + (changeToken is null ? "" : $"?changeToken={Uri.EscapeDataString(changeToken)}");
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var columns = lines[0].Split(',');
        // No field of these tests holds a comma or a quote, so a plain split reads them.
        var rows = lines.Skip(1).Select(l => columns.Zip(l.Split(',')).ToDictionary(x => x.First, x => x.Second)).ToList();
        return ((lines[0], rows), response.Headers.GetValues("Change-Token").Single());
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$")]
    private static partial Regex IsoTimestamp();
}
