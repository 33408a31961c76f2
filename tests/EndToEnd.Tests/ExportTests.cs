using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>The BI platform's bulk and incremental pulls through the gateway.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ExportTests(Suite suite)
{
    [Fact]
    public async Task Incremental_pulls_return_exactly_what_changed_even_while_writes_go_on()
    {
        var committee = NewCommittee("X");
        // The activities written below (X0–X4, and N10–N14, N30–N34 while the pulls go on), registered as the office would.
        await TestActivities.RegisterAsync(suite.Rest, Municipality,
            Enumerable.Range(0, 5).SelectMany(i => new[] { $"X{i}", $"N1{i}", $"N3{i}" }));
        for (var i = 0; i < 5; i++)
        {
            await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(($"X{i}", -1_000m * (i + 1), null)));
        }
        var bi = new ExportService.ExportServiceClient(suite.AnonymousGrpc());
        var headers = new Metadata
        {
            { "authorization", $"Bearer {suite.Token(Municipality, null, Roles.BiReader)}" },
            { "namnd-service", "economy" },
        };

        var (full, token) = await Pull(bi, headers, changeToken: "");
        var ours = full.Where(r => Row(r).GetProperty("CommitteeCode").GetString() == committee).ToList();
        Assert.Equal(5, ours.Count);
        Assert.All(ours, r => Assert.Equal(Operation.Insert, r.Operation));
        Assert.Equal($"{Municipality}/{committee}/2024/14/X0/", ours[0].Key);
        Assert.Equal(-1_000m, Row(ours[0]).GetProperty("Actual").GetDecimal());

        // Writes go on while the BI platform pulls: corrections of the five rows and new rows.
        var written = new List<(string Code, long Version)>();
        var writer = Task.Run(async () =>
        {
            for (var round = 0; round < 4; round++)
            {
                for (var i = 0; i < 5; i++)
                {
                    var code = round % 2 == 0 ? $"X{i}" : $"N{round}{i}";
                    var answer = await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures((code, -7_000m * (round + 1) - i, null)));
                    lock (written) written.Add((code, answer["figures"]![0]!["version"]!.GetValue<long>()));
                }
            }
        });
        var changes = new List<FactRecord>();
        while (!writer.IsCompleted)
        {
            var (pulled, next) = await Pull(bi, headers, token);
            changes.AddRange(pulled);
            token = next;
        }
        await writer;
        var (last, _) = await Pull(bi, headers, token);
        changes.AddRange(last);

        var ourChanges = changes.Where(r => Row(r).GetProperty("CommitteeCode").GetString() == committee)
            .Select(r => (Code: Row(r).GetProperty("ActivityCode").GetString()!, Version: Row(r).GetProperty("Version").GetInt64(), r.Operation))
            .ToList();
        // Every write exactly once: nothing skipped, nothing twice.
        Assert.Equal(written.OrderBy(w => w.Code).ThenBy(w => w.Version), ourChanges.Select(c => (c.Code, c.Version)).OrderBy(w => w.Code).ThenBy(w => w.Version));
        // Corrections of existing rows are updates, new rows inserts, and each row's changes come in order.
        Assert.All(ourChanges, c => Assert.Equal(c.Code.StartsWith('X') ? Operation.Update : Operation.Insert, c.Operation));
        foreach (var row in ourChanges.GroupBy(c => c.Code))
        {
            Assert.Equal(row.Select(c => c.Version).Order(), row.Select(c => c.Version));
        }
    }

    [Fact]
    public async Task A_BI_client_nobody_here_wrote_reads_the_CSV_export()
    {
        var committee = NewCommittee("P");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"),
            Figures(("5731", -247_200_000.50m, -231_000_000m), ("5732", -255_900_000m, -242_000_000m)));
        var token = suite.Token(Municipality, null, Roles.BiReader);
        var url = $"{suite.GatewayRestAddress}/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.csv";

        using var http = suite.AnonymousRest();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("Change-Token"));
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());

        // pandas from Debian's python3-pandas, reading straight from the gateway with the bearer token.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = $$"""
            import pandas as pd
            df = pd.read_csv("{{url}}", storage_options={"Authorization": "Bearer {{token}}"}, dtype={"CommitteeCode": str, "ActivityCode": str})
            ours = df[df["CommitteeCode"] == "{{committee}}"]
            print(len(ours), f'{ours["Actual"].sum():.2f}', ",".join(sorted(ours["ActivityCode"])))
            """;
        var start = new ProcessStartInfo(python, ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pandas failed: {error}");
        Assert.Equal("2 -503100000.50 5731,5732", output.Trim());
    }

    private static JsonElement Row(FactRecord record) => JsonDocument.Parse(record.RowJson).RootElement;

    private static async Task<(List<FactRecord> Rows, string Token)> Pull(ExportService.ExportServiceClient client, Metadata headers, string changeToken)
    {
        using var call = client.PullFacts(new PullFactsRequest
        {
            MunicipalityCode = Municipality, Service = "economy", FactSet = "activity_figures", ChangeToken = changeToken,
        }, headers);
        var rows = new List<FactRecord>();
        var token = "";
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var record = call.ResponseStream.Current;
            if (record.ChangeToken.Length > 0)
            {
                token = record.ChangeToken;
            }
            else
            {
                rows.Add(record);
            }
        }
        Assert.NotEqual("", token);
        return (rows, token);
    }
}
