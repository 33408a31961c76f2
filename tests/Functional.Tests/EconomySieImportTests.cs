using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Real SIE exports (tests/Economy.Tests/Fixtures/sie, where their origin and the independent sums are
/// described) uploaded raw to economy with the committee's ledger mapping; the figures read back.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomySieImportTests(ServiceHosts suite) : IAsyncLifetime
{
    /// <summary>
    /// The objects of the fixtures' activity dimensions (1, and 6 for the override test) and the defaults, registered as
    /// activity codes: economy refuses a figure of a code its municipality has not registered.
    /// </summary>
    public async Task InitializeAsync() => await TestActivities.RegisterAsync(suite.Rest, Municipality,
        ["Nord", "Syd", "AO", "IB", "LS", "YK", "1", "2", "3", "4", "6", "7", "9", "10", "11", "12", "0001", "0002", "0006", "0007", "0008", "0009", "0010", "200"]);

    public Task DisposeAsync() => Task.CompletedTask;

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sie", name));

    private async Task<(HttpStatusCode Status, JsonNode Body)> UploadAsync(string committee, byte[] file, bool dryRun = false)
    {
        var body = new ByteArrayContent(file);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "imports/sie:upload" + (dryRun ? "?dry_run=true" : "")), body);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<List<ActivityFigure>> FiguresAsync(string committee, int year, PeriodPoint point) =>
        (await new EconomyService.EconomyServiceClient(suite.Grpc).ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = new Period { Year = year, Point = point },
        })).Figures.ToList();

    [Fact]
    public async Task A_Visma_export_with_vouchers_is_shown_in_a_dry_run_then_imported_once_with_its_independent_sums()
    {
        var committee = NewCommittee("SV");
        await suite.Rest.SetLedgerMappingAsync(committee, activityDimension: 1, defaultActivity: "X");
        var file = Fixture("transaktioner_ovnbolag.se");

        var (status, dry) = await UploadAsync(committee, file, dryRun: true);
        Assert.True(status == HttpStatusCode.OK, dry.ToJsonString());
        Assert.True(dry["dryRun"]!.GetValue<bool>());
        Assert.True(dry["rowsChanged"]!.GetValue<int>() > 0);
        Assert.Empty(await FiguresAsync(committee, 2011, PeriodPoint.FullYear)); // a dry run stores nothing
        Assert.Contains(dry["read"]!.AsArray(), c => c!["kind"]!.GetValue<string>() == "#TRANS" && c["count"]!.GetValue<string>() == "671");
        Assert.Contains(dry["ignored"]!.AsArray(), c => c!["kind"]!.GetValue<string>() == "#PSALDO" && c["reason"]!.GetValue<string>().Contains("the same amounts"));

        var (_, real) = await UploadAsync(committee, file);
        Assert.Equal(dry["rowsChanged"]!.GetValue<int>(), real["rowsChanged"]!.GetValue<int>());
        var helår = (await FiguresAsync(committee, 2011, PeriodPoint.FullYear)).Where(f => f.UnitCode == "").ToDictionary(f => f.ActivityCode);
        // Fixtures/sie/expected.py transaktioner_ovnbolag.se 1 X
        Assert.Equal(40356.48m, helår["Nord"].Actual.ToDecimal());
        Assert.Equal(-273975.02m, helår["Syd"].Actual.ToDecimal());
        Assert.Equal((511417.00m, 800000.00m), (helår["X"].Actual.ToDecimal(), helår["X"].Budget.ToDecimal()));

        var (_, again) = await UploadAsync(committee, file);
        Assert.Equal(0, again["rowsChanged"]?.GetValue<int>() ?? 0);
    }

    [Theory]
    [InlineData("typ3.se", 1, "", 2012, "AO", 990996.00)] // Edison Ekonomi Byrå, SIE 3: budget per cost centre
    [InlineData("Bokslut_Norstedts_SIE4E.se", 1, "X", 2010, "X", null)] // Norstedts Bokslut, SIE 4E with #KSUMMA
    [InlineData("Sie4.si", 1, "X", 2010, "X", null)] // Fortnox Bokföring, SIE 4I
    [InlineData("BL0001_typ3.SE", 1, "", 2010, "1", null)] // BL Administration, SIE 3
    public async Task A_real_export_imports_with_its_helår_as_summed_apart(string file, int dimension, string defaultActivity, int year, string activity, double? budget)
    {
        var committee = NewCommittee("SR");
        await suite.Rest.SetLedgerMappingAsync(committee, dimension, defaultActivity: defaultActivity);
        var expected = new Dictionary<string, decimal>
        {
            ["typ3.se"] = -24321.00m, ["Bokslut_Norstedts_SIE4E.se"] = 1094488.11m, ["Sie4.si"] = 961.04m, ["BL0001_typ3.SE"] = -16229.9m,
        }[file];

        var (status, body) = await UploadAsync(committee, Fixture(file));

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var row = (await FiguresAsync(committee, year, PeriodPoint.FullYear)).Single(f => f.ActivityCode == activity && f.UnitCode == "");
        Assert.Equal(expected, row.Actual.ToDecimal());
        if (budget is { } b) Assert.Equal((decimal)b, row.Budget.ToDecimal());
    }

    [Fact]
    public async Task A_file_that_maps_to_nothing_is_refused_with_what_it_has_and_nothing_is_stored()
    {
        var committee = NewCommittee("SN");
        await suite.Rest.SetLedgerMappingAsync(committee, activityDimension: 20);

        var (status, body) = await UploadAsync(committee, Fixture("typ4.se"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var text = body.ToJsonString();
        Assert.Contains("no record of the file maps to an activity", text);
        Assert.Contains("the file has dimension 1 \\u0022Kostnadsst", text.Replace("\\\"", "\\u0022"));
        Assert.Empty(await FiguresAsync(committee, 2012, PeriodPoint.FullYear));
    }

    [Fact]
    public async Task A_cut_file_and_a_broken_KSUMMA_are_refused_and_store_nothing()
    {
        var committee = NewCommittee("SK");
        await suite.Rest.SetLedgerMappingAsync(committee, activityDimension: 1, defaultActivity: "X");
        var file = Fixture("Bokslut_Norstedts_SIE4E.se");

        var (cutStatus, cut) = await UploadAsync(committee, file[..(file.Length / 2)]);
        Assert.Equal(HttpStatusCode.BadRequest, cutStatus);
        Assert.Contains("cut short", cut.ToJsonString());

        var changed = (byte[])file.Clone();
        var at = Array.IndexOf(changed, (byte)'#', file.Length / 2);
        changed[Array.IndexOf(changed, (byte)'.', at) - 1] ^= 1; // one digit of an amount after the middle
        var (brokenStatus, broken) = await UploadAsync(committee, changed);
        Assert.Equal(HttpStatusCode.BadRequest, brokenStatus);
        Assert.Contains("#KSUMMA 854227682 does not match", broken.ToJsonString());

        Assert.Empty(await FiguresAsync(committee, 2010, PeriodPoint.FullYear));
    }

    [Fact]
    public async Task A_committee_override_replaces_the_municipalitys_mapping_until_it_is_cleared()
    {
        var committee = NewCommittee("SM");
        var client = new EconomyService.EconomyServiceClient(suite.Grpc);
        var set = await suite.Rest.SetLedgerMappingAsync(committee, activityDimension: 6, unitDimension: 1, defaultActivity: "ÖVR");
        Assert.Equal(("committee", 6, 1, "ÖVR"), (set["source"]!.GetValue<string>(), set["activityDimension"]!.GetValue<int>(), set["unitDimension"]!.GetValue<int>(), set["defaultActivity"]!.GetValue<string>()));

        var got = await client.GetLedgerMappingAsync(new GetLedgerMappingRequest { MunicipalityCode = Municipality, CommitteeCode = committee });
        Assert.Equal(("committee", 6), (got.Source, got.ActivityDimension));

        await suite.Rest.PostOkAsync(EconomyPath(committee, "ledger-mapping"), new JsonObject { ["clear"] = true });
        var after = await client.GetLedgerMappingAsync(new GetLedgerMappingRequest { MunicipalityCode = Municipality, CommitteeCode = committee });
        Assert.NotEqual("committee", after.Source); // the municipality's, or none

        var refused = await suite.Rest.PostAsync(EconomyPath(committee, "ledger-mapping"), new JsonObject { ["mapping"] = new JsonObject { ["unitDimension"] = 1 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("mapping.activity_dimension", await refused.Content.ReadAsStringAsync());
    }
}
