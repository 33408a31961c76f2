using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>Small helpers for the REST side of the gateway; the JSON is written out as a client would.</summary>
public static class Api
{
    public const string Municipality = "0380";
    public static readonly JsonObject FullYear2024 = new() { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" };
    public static Period FullYear2024Proto => new() { Year = 2024, Point = PeriodPoint.FullYear };

    /// <summary>A committee code of its own per test, so tests never see each other's data.</summary>
    public static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    /// <summary>One service's report lifecycle through the gateway: the header routes the call, the request's service field names it too.</summary>
    public static ReportService.ReportServiceClient Reports(CallInvoker grpc, string service) =>
        new(grpc.Intercept(metadata =>
        {
            metadata.Add("namnd-service", service);
            return metadata;
        }));

    public static string NewCommittee(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    public static JsonObject Amount(decimal value) => new() { ["value"] = value.ToString(CultureInfo.InvariantCulture) };

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, JsonNode body) =>
        await client.PostAsync(path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> PostOkAsync(this HttpClient client, string path, JsonNode body)
    {
        var response = await client.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static JsonObject Figures(params (string Code, decimal? Actual, decimal? Budget)[] rows) => new()
    {
        ["period"] = FullYear2024.DeepClone(),
        ["figures"] = new JsonArray(rows.Select(r =>
        {
            var row = new JsonObject { ["activityCode"] = r.Code };
            if (r.Actual is { } a) row["actual"] = Amount(a);
            if (r.Budget is { } b) row["budget"] = Amount(b);
            return (JsonNode)row;
        }).ToArray()),
    };

    /// <summary>The committee's own ledger mapping (an override, so tests never change the municipality's for each other).</summary>
    public static Task<JsonNode> SetLedgerMappingAsync(this HttpClient client, string committee, int activityDimension, int unitDimension = 0, string defaultActivity = "") =>
        client.PostOkAsync(EconomyPath(committee, "ledger-mapping"), new JsonObject
        {
            ["mapping"] = new JsonObject { ["activityDimension"] = activityDimension, ["unitDimension"] = unitDimension, ["defaultActivity"] = defaultActivity },
        });

    public static string EconomyPath(string committee, string rest) => $"/api/v1/economy/municipalities/{Municipality}/committees/{committee}/{rest}";
    public static string KeyFiguresPath(string committee, string rest) => $"/api/v1/keyfigures/municipalities/{Municipality}/committees/{committee}/{rest}";
    public static string PlanningPath(string committee, string rest) => $"/api/v1/planning/municipalities/{Municipality}/committees/{committee}/{rest}";

    public static decimal ToDecimal(this Contracts.Common.V1.Decimal? value) =>
        decimal.Parse(value?.Value ?? throw new InvalidOperationException("amount missing"), CultureInfo.InvariantCulture);

    public static JsonNode ReadDemo(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "demo", file)))!;

    /// <summary>Polls until <paramref name="condition"/> holds, or fails with the last state seen.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = await probe();
        while (!condition(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}; last seen: {Describe(last)}");
            }
            await Task.Delay(200);
            last = await probe();
        }
        return last;
    }

    private static string Describe<T>(T value) => value is Google.Protobuf.IMessage m ? m.ToString()! : JsonSerializer.Serialize(value);
}
