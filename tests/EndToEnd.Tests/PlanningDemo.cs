using System.Text.Json.Nodes;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Loads deploy/demo/planning-followup-2024.json (the seed's Bilaga 1 and 2) through the gateway as
/// load-planning.sh does, for any municipality and committee, so planning tests do not share data.
/// </summary>
public static class PlanningDemo
{
    private static int _next = Random.Shared.Next(9000, 9800);

    /// <summary>A municipality code of its own per test: the plan (focus goals, assignments) is per municipality.</summary>
    public static string NewMunicipality() => Interlocked.Increment(ref _next).ToString("0000");

    public static JsonObject Read() => (JsonObject)ReadDemo("planning-followup-2024.json");

    public static string PlanningMunicipalityPath(string municipality, string rest) => $"/api/v1/planning/municipalities/{municipality}/{rest}";

    public static string PlanningCommitteePath(string municipality, string committee, string rest) =>
        $"/api/v1/planning/municipalities/{municipality}/committees/{committee}/{rest}";

    /// <summary>The demo file's parts, with the committee and the round's code put in.</summary>
    public static (JsonObject Plan, JsonObject Round, JsonObject FollowUp) Parts(string committee, string roundCode)
    {
        var demo = Read();
        var plan = (JsonObject)demo["plan"]!.DeepClone();
        foreach (var assignment in plan["assignments"]!.AsArray())
        {
            assignment!["committeeCodes"] = new JsonArray(committee);
        }
        var round = (JsonObject)demo["specialReportingRound"]!.DeepClone();
        round["roundCode"] = roundCode;
        round["committeeCodes"] = new JsonArray(committee);
        var followUp = (JsonObject)demo["followUp"]!.DeepClone();
        foreach (var answer in followUp["specialReportingAnswers"]!.AsArray())
        {
            answer!["roundCode"] = roundCode;
        }
        return (plan, round, followUp);
    }

    /// <summary>Plan, round and the committee's import, as the municipal office and the committee send them.</summary>
    public static async Task LoadAsync(HttpClient rest, string municipality, string committee, string roundCode = "2024-synpunktshantering")
    {
        var (plan, round, followUp) = Parts(committee, roundCode);
        await rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), plan);
        await rest.PostOkAsync(PlanningMunicipalityPath(municipality, "special-reporting-rounds"), round);
        await rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), followUp);
    }

    /// <summary>
    /// For SeedTests: the demo's plan for Uppsala (0380) with Socialnämnden (SCN), which
    /// planning-assignment-statuses-2024.json needs first (a status needs its assignment to exist).
    /// </summary>
    public static async Task DefineDemoPlanAsync(HttpClient rest) =>
        await rest.PostOkAsync(PlanningMunicipalityPath(Municipality, "plans/2024"), Read()["plan"]!.DeepClone());
}
