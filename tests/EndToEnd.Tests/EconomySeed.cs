using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.TestSupport;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.EconomySeed;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>The seed's economy tables as printed in Bilaga 3 (mnkr, rounded), and helpers for the economy tests.</summary>
public static class EconomySeed
{
    public sealed record Table(string Area, int Decimals, (string Code, decimal[] Values)[] Rows, decimal[] NetCost, decimal[] Allocation, decimal[] Result);

    /// <summary>Kommunbidrag 2024, Årets resultat 2024, Årets resultat 2023, Helårsprognos resultat 202408.</summary>
    public static readonly (string Area, decimal Allocation, decimal Result, decimal PreviousYear, decimal Forecast)[] Summary =
    [
        ("Politisk verksamhet", 5, 0, 0, 0),
        ("Vård och omsorg om personer med funktionsnedsättning", 0, -4, -2, -4),
        ("Missbrukarvård och övrig vård för vuxna", 234, 10, 10, 14),
        ("Barn- och ungdomsvård", 685, -32, -21, -40),
        ("Familjerätt och familjerådgivning", 24, 1, 1, 2),
        ("Flyktingmottagande", 2, 2, 10, -1),
    ];

    public static readonly (decimal, decimal, decimal, decimal) SummaryTotal = (950, -24, -3, -30);

    /// <summary>"Resultat per verksamhet": Utfall 2024, Budget 2024, Prognos 2024, Utfall 2023.</summary>
    public static readonly Table[] ResultPerActivity =
    [
        new("Barn- och ungdomsvård", 0,
            [("5731", [-247, -231, -251, -251]), ("5732", [-256, -242, -258, -235]), ("5733", [-183, -189, -184, -164]),
             ("5739", [-31, -23, -32, -37]), ("550", [-4, 0, -4, -2])],
            [-721, -685, -729, -690], [685, 684, 684, 666], [-36, 0, -44, -24]),
        new("Missbrukarvård och övrig vård för vuxna", 0,
            [("571", [-144, -147, -140, -137]), ("572", [-79, -87, -79, -71])],
            [-224, -234, -220, -208], [234, 234, 234, 218], [10, 0, 14, 10]),
        new("Familjerätt och familjerådgivning", 1,
            [("581", [-4.6m, -4.6m, -4.6m, -3.5m]), ("589", [-18.2m, -19.6m, -18.1m, -16.4m])],
            [-22.8m, -24.1m, -22.6m, -19.9m], [24.1m, 24.1m, 24.1m, 20.7m], [1.3m, 0.0m, 1.5m, 0.9m]),
        new("Flyktingmottagande", 0, [("610", [-1, -2, -4, 7])], [-1, -2, -4, 7], [2, 2, 2, 2], [2, 0, -1, 10]),
    ];

    public static readonly (string Area, (string Code, decimal[] Values)[] Rows, decimal[] Total)[] InterventionCosts =
    [
        ("Barn- och ungdomsvård",
            [("5731", [-203, -197, -209, -197]), ("5732", [-173, -156, -172, -153]), ("5733", [-92, -91, -92, -81]),
             ("5739", [-31, -31, -31, -34]), ("550", [-4, -4, 0, -3])],
            [-504, -479, -504, -468]),
        ("Flyktingmottagande", [("610", [-10, -15, -12, -16])], [-10, -15, -12, -16]),
    ];

    /// <summary>"Investeringar": KF-budget 2024, Bokslut 2024, Bokslut 2023, Helårsprognos 202408.</summary>
    public static readonly (decimal, decimal, decimal, decimal) Investments = (1.0m, 0.2m, 0.0m, 1.0m);

    public static decimal Mnkr(decimal kronor, int decimals = 0) => Math.Round(kronor / 1_000_000m, decimals, MidpointRounding.AwayFromZero);

    public static byte[] DemoCsv() => File.ReadAllBytes(Path.Combine(Repository.Root, "deploy", "demo", "economy-2024.csv"));

    public static JsonObject ImportBody(byte[] content, string fileName = "economy.csv") =>
        new() { ["fileName"] = fileName, ["content"] = Convert.ToBase64String(content) };

    public static async Task<JsonNode> ImportCsvAsync(ISuiteApi suite, string committee, byte[] content) =>
        await suite.Rest.PostOkAsync(EconomyPath(committee, "imports/csv"), ImportBody(content));
}
