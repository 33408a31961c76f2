using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Loads each tenant through the gateway's public REST API, as deploy/demo's scripts load the demo: the demo's
/// economy CSV, plan, follow-up and key figures, with the tenant's markers put into a narrative, an assignment
/// comment, an activity code's name, a focus goal's title and a key figure's name, and its amount as an Actual.
/// </summary>
public static class Seed
{
    private static string Demo(string file) => Path.Combine(Repository.Root, "deploy", "demo", file);

    public static async Task<Tenants> RunAsync(FuzzSuite suite)
    {
        var tenants = Tenants.Create();
        await Task.WhenAll(LoadAsync(suite, tenants.Attacker), LoadAsync(suite, tenants.Victim));
        return tenants;
    }

    private static async Task LoadAsync(FuzzSuite suite, Tenant t)
    {
        var office = suite.Token(t.Municipality, null, Roles.MunicipalOffice);
        var writer = suite.Token(t, Roles.CommitteeWriter);
        var economy = $"/api/v1/economy/municipalities/{t.Municipality}";
        var planning = $"/api/v1/planning/municipalities/{t.Municipality}";
        var keyFigures = $"/api/v1/keyfigures/municipalities/{t.Municipality}";

        var codes = JsonNode.Parse(await File.ReadAllTextAsync(Demo("economy-activity-codes.json")))!;
        codes["codes"]!.AsArray().Add(new JsonObject { ["code"] = "9990", ["name"] = t.SharedMarker });
        await PostAsync(suite, office, $"{economy}/activity-codes", codes);

        var csv = (await File.ReadAllTextAsync(Demo("economy-2024.csv")))
            .Replace("Socialnämnden hade ett underskott", $"{t.CommitteeMarker} hade ett underskott", StringComparison.Ordinal);
        await PostAsync(suite, writer, $"{economy}/committees/{t.Committee}/imports/csv", new JsonObject
        {
            ["fileName"] = "economy-2024.csv",
            ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv)),
        });
        await PostAsync(suite, writer, $"{economy}/committees/{t.Committee}/figures", new JsonObject
        {
            ["period"] = FullYear2024(),
            ["figures"] = new JsonArray(new JsonObject { ["activityCode"] = "9990", ["actual"] = new JsonObject { ["value"] = "-" + t.Amount } }),
        });

        var demo = JsonNode.Parse(await File.ReadAllTextAsync(Demo("planning-followup-2024.json")))!;
        var plan = demo["plan"]!.DeepClone();
        plan["focusGoals"]![0]!["title"] = t.SharedMarker;
        foreach (var assignment in plan["assignments"]!.AsArray())
        {
            assignment!["committeeCodes"] = new JsonArray(t.Committee);
        }
        await PostAsync(suite, office, $"{planning}/plans/2024", plan);
        var round = demo["specialReportingRound"]!.DeepClone();
        round["committeeCodes"] = new JsonArray(t.Committee);
        await PostAsync(suite, office, $"{planning}/special-reporting-rounds", round);
        var followUp = demo["followUp"]!.DeepClone();
        followUp["assignments"]![0]!["comment"] = $"{t.CommitteeMarker} {followUp["assignments"]![0]!["comment"]}";
        await PostAsync(suite, writer, $"{planning}/committees/{t.Committee}/follow-up:import", followUp);

        // The first definitions of Bilaga 4 and their entered inputs: enough for sheets, comparisons and the export
        // to have something to show, without the seeding's cost growing with the demo.
        var definitions = JsonNode.Parse(await File.ReadAllTextAsync(Demo("keyfigures-definitions.json")))!.AsArray().Take(DefinitionsSeeded).ToList();
        definitions[0]!["name"] = t.SharedMarker;
        foreach (var definition in definitions)
        {
            await PostAsync(suite, office, $"{keyFigures}/definitions", new JsonObject { ["definition"] = definition!.DeepClone() });
        }
        var seeded = definitions.Select(d => (string)d!["code"]!).ToHashSet();
        var inputs = JsonNode.Parse(await File.ReadAllTextAsync(Demo("keyfigures-inputs-2024.json")))!;
        var values = inputs["values"]!.AsArray().Where(v => seeded.Contains((string)v!["definitionCode"]!)).Select(v => v!.DeepClone()).ToArray();
        inputs["values"] = new JsonArray(values);
        await PostAsync(suite, writer, $"{keyFigures}/committees/{t.Committee}/inputs", inputs);
    }

    private const int DefinitionsSeeded = 4;

    public static JsonObject FullYear2024() => new() { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" };

    private static async Task PostAsync(FuzzSuite suite, string token, string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await suite.Rest.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"seeding POST {path} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
