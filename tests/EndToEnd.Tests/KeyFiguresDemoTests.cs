using System.Diagnostics;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>The demo loaders as run.sh runs them: economy's CSV, then the key figures; the costs arrive by events.</summary>
[Collection(SuiteCollection.Name)]
public sealed class KeyFiguresDemoTests(Suite suite)
{
    [Fact]
    public async Task The_demo_data_gives_the_seeds_Bilaga_4_with_costs_from_economys_demo_by_events()
    {
        Load("load-economy.sh");
        Load("load-keyfigures.sh");

        var sheet = await KeyFiguresTesting.SheetWhen(suite, Municipality, "SCN",
            s => KeyFiguresTesting.KeyFigures(s).Count() == 5 && KeyFiguresTesting.KeyFigures(s).All(v => v.Computable),
            "economy's demo unit rows to reach keyfigures");

        var shown = KeyFiguresTesting.KeyFigures(sheet).ToDictionary(v => v.DefinitionCode, v => v.ValueShown);
        Assert.Equal(["5,4", "5,4", "1,7", "10,9", "23,6"], new[] { shown["5731-1"], shown["5731-2"], shown["5732-1"], shown["5733-1"], shown["5733-2"] });
        var institution = sheet.Values.Single(v => v.DefinitionCode == "5731-1");
        Assert.Equal(178_503_400m, institution.Inputs.Single(i => i.Name == "total_costs").Value.ToDecimal());
        Assert.Equal(1m, Assert.Single(institution.RoundingNotes).Difference.ToDecimal());
        // Volume statistics of Bilaga 2 and 3.
        Assert.Equal(5_480m, sheet.Values.Single(v => v.DefinitionCode == "vol-barn-med-anmalan").Value.ToDecimal());
        Assert.Equal(3m, sheet.Values.Single(v => v.DefinitionCode == "vol-andel-egna-familjehem").Change.ToDecimal());
    }

    private void Load(string script)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Suite.RepositoryRoot, "deploy", "demo", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NF_GATEWAY_REST"] = suite.GatewayRestAddress;
        start.Environment["NF_TOKEN"] = suite.Token(Municipality, "SCN", Roles.All);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {stdout}{stderr.Result}");
    }
}
