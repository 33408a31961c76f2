using System.Text.Json.Nodes;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Economy refuses an activity code its municipality has not registered, as kommunledningskontoret's list is the only
/// place a code gets its meaning. The suites register, as the office, the codes their tests write under in
/// <see cref="Api.Municipality"/>: the seed's (with their names from deploy/demo) and the few others tests use.
/// </summary>
public static class TestActivities
{
    /// <summary>Codes tests write under besides the seed's: 5700–5799 (generated ledgers), 5740 and 9990 (interop), X and ÖVR (SIE defaults).</summary>
    public static IEnumerable<string> Others => Enumerable.Range(5700, 100).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(["9990", "X", "ÖVR"]);

    /// <summary>Registers the seed's codes and <see cref="Others"/> in <paramref name="municipality"/>.</summary>
    public static async Task RegisterAsync(HttpClient rest, string municipality = Municipality)
    {
        var seed = ReadDemo("economy-activity-codes.json");
        await rest.PostOkAsync($"/api/v1/economy/municipalities/{municipality}/activity-codes", seed);
        await RegisterAsync(rest, municipality, Others);
    }

    /// <summary>
    /// Registers those of <paramref name="codes"/> that <paramref name="municipality"/> has not registered yet, each named
    /// after itself; a registered code keeps its name (the seed's codes keep theirs for the documents' tests).
    /// </summary>
    public static async Task RegisterAsync(HttpClient rest, string municipality, IEnumerable<string> codes)
    {
        var path = $"/api/v1/economy/municipalities/{municipality}/activity-codes";
        var listed = await rest.GetAsync(path);
        var text = await listed.Content.ReadAsStringAsync();
        Assert.True(listed.IsSuccessStatusCode, $"GET {path} → {(int)listed.StatusCode}: {text}");
        var registered = (JsonNode.Parse(text)!["codes"]?.AsArray() ?? []).Select(c => (string)c!["code"]!).ToHashSet();
        var missing = codes.Where(c => !registered.Contains(c)).Distinct().ToList();
        if (missing.Count > 0)
        {
            await rest.PostOkAsync(path, new JsonObject
            {
                ["codes"] = new JsonArray(missing.Select(c => (JsonNode)new JsonObject { ["code"] = c, ["name"] = $"Testverksamhet {c}" }).ToArray()),
            });
        }
    }
}
