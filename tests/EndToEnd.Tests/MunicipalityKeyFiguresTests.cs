using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.Contracts.Common.V1;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Kommunledningskontorets view of key figures: every committee of the municipality side by side, through the
/// gateway, and only for the office (and BI) of that municipality.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class MunicipalityKeyFiguresTests(Suite suite) : IDisposable
{
    // One channel per test; each client adds its own token to the calls.
    private readonly Grpc.Net.Client.GrpcChannel _channel = suite.AnonymousGrpc();

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task The_office_sees_each_committees_key_figure_side_by_side()
    {
        var (m, first) = KeyFiguresTesting.NewScope();
        var second = NewCommittee("K");
        var noVolume = NewCommittee("K");
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = KeyFiguresTesting.DemoDefinition("5731-1") });
        // The same institution costs for all three; care days differ, the third committee has entered none.
        foreach (var committee in new[] { first, second, noVolume })
        {
            await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, committee, KeyFiguresTesting.EconomyRows(("5731", "BOU-INST", 178_503_400m, 4_327_500m)));
        }
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, first, "inputs"), CareDays(32_380m));
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, second, "inputs"), CareDays(16_190m));

        var office = Client(suite.Token(m, null, Roles.MunicipalOffice));
        // Net cost 178 503 400 − 4 327 500 = 174 175 900 kr, per care day.
        var view = await Eventually(() => View(office, m),
            v => v.Committees.Count == 3 && Cells(v, "5731-1").Count(c => c.Computable) == 2
                 && Cells(v, "5731-1").All(c => c.NotComputableReason != "" || c.Computable),
            TimeSpan.FromSeconds(30), "economy's rows of all three committees to reach keyfigures");

        Assert.Equal(new[] { first, second, noVolume }.Order(StringComparer.Ordinal), view.Committees.Select(c => c.CommitteeCode));
        var row = Assert.Single(view.Rows);
        Assert.Equal("5731-1", row.DefinitionCode);
        Assert.Equal("Kostnad per vårddygn på institution", row.Name);
        Assert.Equal("tkr per vårddygn", row.Unit);
        Assert.Equal(view.Committees.Select(c => c.CommitteeCode), row.Cells.Select(c => c.CommitteeCode));

        var cells = row.Cells.ToDictionary(c => c.CommitteeCode);
        Assert.Equal(174_175_900m / 32_380m, cells[first].Value.ToDecimal());   // 5 379,12 kr
        Assert.Equal("5,4", cells[first].ValueShown);
        Assert.Equal(174_175_900m / 16_190m, cells[second].Value.ToDecimal());  // 10 758,24 kr
        Assert.Equal("10,8", cells[second].ValueShown);
        Assert.False(cells[noVolume].Computable);
        Assert.Null(cells[noVolume].Value);
        Assert.NotEmpty(cells[noVolume].NotComputableReason);
        Assert.All(row.Cells, c => Assert.False(c.ChangedAfterAdoption));
        Assert.All(view.Committees, c => Assert.Equal(ReportStatus.Draft, c.Report.Status));

        // The same view over REST, for BI as well: amounts exact, as strings.
        using var rest = suite.AnonymousRest();
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(m, null, Roles.BiReader));
        var json = JsonNode.Parse(await rest.GetStringAsync($"/api/v1/keyfigures/municipalities/{m}/key-figures{KeyFiguresTesting.FullYearQuery}"))!;
        var restCells = json["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(3, restCells.Count);
        Assert.Equal("10,8", (string)restCells.Single(c => (string)c!["committeeCode"]! == second)!["valueShown"]!);
    }

    [Fact]
    public async Task A_change_after_a_committees_adoption_is_flagged_in_the_office_view()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = KeyFiguresTesting.DemoDefinition("5731-1") });
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, c, KeyFiguresTesting.EconomyRows(("5731", "BOU-INST", 178_503_400m, 4_327_500m)));
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "inputs"), CareDays(32_380m));
        var office = Client(suite.Token(m, null, Roles.MunicipalOffice));
        await Eventually(() => View(office, m), v => Cells(v, "5731-1").SingleOrDefault()?.ValueShown == "5,4", TimeSpan.FromSeconds(30), "the economy rows");

        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "report:submit"), new JsonObject { ["period"] = FullYear2024.DeepClone() });
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "report:adopt"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(), ["caseNumber"] = "SCN-2025-00042", ["decisionDate"] = new JsonObject { ["year"] = 2025, ["month"] = 2, ["day"] = 12 },
        });
        // Economy corrects the costs by +10 000 000 kr after the decision: 184 175 900 / 32 380 = 5 687,95 kr.
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, c, KeyFiguresTesting.EconomyRows(("5731", "BOU-INST", 188_503_400m, 4_327_500m)));

        var view = await Eventually(() => View(office, m), v => Cells(v, "5731-1").Single().ChangedAfterAdoption,
            TimeSpan.FromSeconds(30), "the corrected costs to reach keyfigures");
        var cell = Cells(view, "5731-1").Single();
        Assert.Equal("5,7", cell.ValueShown);
        Assert.Equal(184_175_900m / 32_380m, cell.Value.ToDecimal());
        Assert.Equal(174_175_900m / 32_380m, cell.AdoptedValue.ToDecimal());
        Assert.Equal("5,4", cell.AdoptedValueShown);
        var committee = Assert.Single(view.Committees);
        Assert.Equal(ReportStatus.Adopted, committee.Report.Status);
        Assert.Equal("SCN-2025-00042", committee.Report.CaseNumber);
    }

    [Fact]
    public async Task Committees_and_other_municipalities_see_nothing_of_the_municipality_view()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = KeyFiguresTesting.DemoDefinition("5731-1") });
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "inputs"), CareDays(32_380m));

        // A committee of the municipality, even writing, reads only its own sheet.
        foreach (var role in new[] { Roles.CommitteeWriter, Roles.CommitteeReader })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => View(Client(suite.Token(m, c, role)), m));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        using var rest = suite.AnonymousRest();
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(m, c, Roles.CommitteeReader));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await rest.GetAsync($"/api/v1/keyfigures/municipalities/{m}/key-figures{KeyFiguresTesting.FullYearQuery}")).StatusCode);

        // Another municipality's office is refused this one, and its own view holds none of this one's committees.
        var otherMunicipality = m == "9999" ? "9998" : $"{int.Parse(m) + 1:0000}";
        var otherOffice = Client(suite.Token(otherMunicipality, null, Roles.MunicipalOffice));
        var refused = await Assert.ThrowsAsync<RpcException>(() => View(otherOffice, m));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var own = await View(otherOffice, otherMunicipality);
        Assert.DoesNotContain(own.Committees, x => x.CommitteeCode == c);
        Assert.All(own.Rows.SelectMany(r => r.Cells), x => Assert.NotEqual(c, x.CommitteeCode));

        // The office of the municipality does see it.
        var mine = await View(Client(suite.Token(m, null, Roles.MunicipalOffice)), m);
        Assert.Contains(mine.Committees, x => x.CommitteeCode == c);
    }

    [Fact]
    public async Task A_bad_period_is_refused_naming_the_field()
    {
        var office = Client(suite.Token(Municipality, null, Roles.MunicipalOffice));
        var refused = await Assert.ThrowsAsync<RpcException>(() => office.ListMunicipalityKeyFiguresAsync(
            new ListMunicipalityKeyFiguresRequest { MunicipalityCode = Municipality }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("period", refused.Status.Detail);
    }

    private static JsonObject CareDays(decimal days) => new()
    {
        ["period"] = FullYear2024.DeepClone(),
        ["values"] = new JsonArray(new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "care_days", ["value"] = Amount(days) }),
    };

    private KeyFiguresService.KeyFiguresServiceClient Client(string token) =>
        new(_channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));

    private static Task<MunicipalityKeyFigures> View(KeyFiguresService.KeyFiguresServiceClient client, string m) =>
        client.ListMunicipalityKeyFiguresAsync(new ListMunicipalityKeyFiguresRequest { MunicipalityCode = m, Period = FullYear2024Proto },
            deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync;

    private static IEnumerable<CommitteeKeyFigureCell> Cells(MunicipalityKeyFigures view, string definition) =>
        view.Rows.SingleOrDefault(r => r.DefinitionCode == definition)?.Cells ?? [];
}
