using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.PlanningDemo;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The status vocabulary is the municipality's data (issue 15 item 3), through the gateway as its users live it:
/// kommunledningskontoret registers "Genomförd" for done, a committee writes it and reads it back (and Bilaga 1 prints
/// it), "Klar" is refused there with the municipality's own words, another municipality's tokens neither read nor
/// change it, and a committee's token does not change it. Each caller has exactly one role; each test has
/// municipalities of its own, so no other test sees the vocabulary.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class StatusVocabularyTests(Suite suite)
{
    private static readonly JsonObject Vocabulary = new()
    {
        ["words"] = new JsonArray(
            new JsonObject { ["word"] = "Genomförd", ["status"] = "ASSIGNMENT_STATUS_DONE" },
            new JsonObject { ["word"] = "Pågår", ["status"] = "ASSIGNMENT_STATUS_IN_PROGRESS" },
            new JsonObject { ["word"] = "Ej startad", ["status"] = "ASSIGNMENT_STATUS_NOT_STARTED" }),
    };

    private HttpClient As(string municipality, string? committee, string role)
    {
        var client = suite.AnonymousRest();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(municipality, committee, role));
        return client;
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string path, JsonNode body) =>
        await client.PutAsync(path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private static JsonObject Plan(string committee) => new()
    {
        ["year"] = 2024,
        ["focusGoals"] = new JsonArray(new JsonObject { ["number"] = 4, ["title"] = "Uppsala ska bli tryggare med jämlika livsvillkor" }),
        ["assignments"] = new JsonArray(new JsonObject
        {
            ["number"] = 35, ["focusGoalNumber"] = 4, ["text"] = "Utveckla kommunens krisberedskap.", ["committeeCodes"] = new JsonArray(committee),
        }),
    };

    private static JsonObject CommitteeGoal(string status, string text = "Krisplanen ska vara övad.") =>
        new() { ["text"] = text, ["focusGoalNumber"] = 4, ["status"] = status };

    private static JsonObject Status(string word) => new() { ["period"] = FullYear2024.DeepClone(), ["statusWord"] = word, ["comment"] = "Planen antagen." };

    [Fact]
    public async Task Genomford_registered_as_done_is_written_and_read_back_Klar_is_refused_with_the_municipalitys_words_and_other_tenants_stay_out()
    {
        var (municipality, otherMunicipality, committee) = (NewMunicipality(), NewMunicipality(), NewCommittee("SV"));
        using var office = As(municipality, null, Roles.MunicipalOffice);
        using var writer = As(municipality, committee, Roles.CommitteeWriter);
        var vocabularyPath = PlanningMunicipalityPath(municipality, "status-vocabulary");
        var statusPath = PlanningCommitteePath(municipality, committee, "assignments/35/status");

        await office.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), Plan(committee));
        // Before the office registers any, every caller of the municipality reads the suite's defaults.
        var defaults = JsonNode.Parse(await writer.GetStringAsync(vocabularyPath))!;
        Assert.Equal("default", defaults["source"]!.GetValue<string>());
        Assert.Contains("Klar", defaults["words"]!.AsArray().Select(w => w!["word"]!.GetValue<string>()));

        var registered = await PutAsync(office, vocabularyPath, Vocabulary);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        var read = JsonNode.Parse(await writer.GetStringAsync(vocabularyPath))!;
        Assert.Equal(("office", "1"), (read["source"]!.GetValue<string>(), read["version"]!.ToString()));
        Assert.Equal(["Genomförd", "Pågår", "Ej startad"], read["words"]!.AsArray().Select(w => w!["word"]!.GetValue<string>()));
        Assert.Equal("ASSIGNMENT_STATUS_DONE", read["words"]![0]!["status"]!.GetValue<string>());

        // The committee writes its word; the answer and every later read carry the status it means and the word itself.
        var written = await writer.PostOkAsync(statusPath, Status("Genomförd"));
        Assert.Equal(("ASSIGNMENT_STATUS_DONE", "Genomförd"), (written["status"]!.GetValue<string>(), written["statusWord"]!.GetValue<string>()));
        var statuses = JsonNode.Parse(await writer.GetStringAsync(PlanningCommitteePath(municipality, committee,
            "assignment-statuses?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR")))!;
        var stored = statuses["statuses"]!.AsArray().Single()!;
        Assert.Equal((35, "ASSIGNMENT_STATUS_DONE", "Genomförd"), (stored["assignmentNumber"]!.GetValue<int>(), stored["status"]!.GetValue<string>(), stored["statusWord"]!.GetValue<string>()));
        var bilaga1 = await writer.GetStringAsync(PlanningCommitteePath(municipality, committee, "follow-up/document?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"));
        Assert.Contains("<td>Genomförd</td>", bilaga1);

        // "Klar" is no word of this municipality: refused naming the field and listing the words it does have, nothing stored.
        var klar = await writer.PostAsync(statusPath, Status("Klar"));
        var klarBody = await klar.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, klar.StatusCode);
        Assert.Contains("status_word", klarBody);
        Assert.Contains("'Klar' is not a status word of municipality " + municipality + ": Genomförd, Pågår, Ej startad", klarBody);
        var import = await writer.PostAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 35, ["status"] = "Klar", ["comment"] = "x" }),
        });
        var importBody = await import.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("assignments[0].status", importBody);
        Assert.Contains("Genomförd, Pågår, Ej startad", importBody);
        var after = JsonNode.Parse(await writer.GetStringAsync(PlanningCommitteePath(municipality, committee,
            "assignment-statuses?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR")))!["statuses"]!.AsArray().Single()!;
        Assert.Equal(("Genomförd", "1"), (after["statusWord"]!.GetValue<string>(), after["version"]!.ToString()));

        // Another municipality's office neither reads nor replaces it, over REST or gRPC; a committee's token does not replace it.
        using var stranger = As(otherMunicipality, null, Roles.MunicipalOffice);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(vocabularyPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(stranger, vocabularyPath, Vocabulary)).StatusCode);
        var planning = new PlanningService.PlanningServiceClient(suite.AnonymousGrpc());
        var foreign = new Metadata { { "authorization", $"Bearer {suite.Token(otherMunicipality, null, Roles.MunicipalOffice)}" } };
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => planning.GetStatusVocabularyAsync(
            new GetStatusVocabularyRequest { MunicipalityCode = municipality }, foreign).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => planning.SetStatusVocabularyAsync(
            new SetStatusVocabularyRequest { MunicipalityCode = municipality, Words = { new StatusVocabularyWord { Word = "Klar", Status = AssignmentStatus.Done } } },
            foreign).ResponseAsync)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(writer, vocabularyPath, Vocabulary)).StatusCode);
        // The other municipality's own vocabulary is untouched: still the defaults, where "Klar" is a word.
        var theirs = JsonNode.Parse(await stranger.GetStringAsync(PlanningMunicipalityPath(otherMunicipality, "status-vocabulary")))!;
        Assert.Equal("default", theirs["source"]!.GetValue<string>());
        var ours = JsonNode.Parse(await office.GetStringAsync(vocabularyPath))!;
        Assert.Equal(("office", "1"), (ours["source"]!.GetValue<string>(), ours["version"]!.ToString()));

        Assert.Contains("/status-vocabulary\"", await suite.Rest.GetStringAsync("/openapi.json"));
    }

    [Fact]
    public async Task A_word_the_office_later_drops_stays_with_the_status_it_was_written_with_and_can_be_sent_back_unchanged()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("SD"));
        using var office = As(municipality, null, Roles.MunicipalOffice);
        using var writer = As(municipality, committee, Roles.CommitteeWriter);
        var vocabularyPath = PlanningMunicipalityPath(municipality, "status-vocabulary");
        await office.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), Plan(committee));
        Assert.True((await PutAsync(office, vocabularyPath, Vocabulary)).IsSuccessStatusCode);
        await writer.PostOkAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 35, ["status"] = "genomförd", ["comment"] = "Planen antagen." }),
            ["committeeGoals"] = new JsonArray(CommitteeGoal("genomförd")),
        });

        // The office replaces "Genomförd" by "Slutförd".
        var replaced = await PutAsync(office, vocabularyPath, new JsonObject
        {
            ["words"] = new JsonArray(new JsonObject { ["word"] = "Slutförd", ["status"] = "ASSIGNMENT_STATUS_DONE" }),
        });
        Assert.True(replaced.IsSuccessStatusCode, await replaced.Content.ReadAsStringAsync());

        var followUp = JsonNode.Parse(await writer.GetStringAsync(PlanningCommitteePath(municipality, committee,
            "follow-up?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR")))!;
        var assignment = followUp["assignments"]!.AsArray().Single(a => a!["number"]!.GetValue<int>() == 35)!;
        Assert.Equal(("ASSIGNMENT_STATUS_DONE", "genomförd"), (assignment["status"]!.GetValue<string>(), assignment["statusWord"]!.GetValue<string>()));
        var bilaga1 = await writer.GetStringAsync(PlanningCommitteePath(municipality, committee, "follow-up/document?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"));
        Assert.Contains("<td>genomförd</td>", bilaga1);
        // Sent back unchanged (the web app sends the whole follow-up to change one part; a status is sent with its
        // stored word when only the comment changes), the dropped word keeps its status rather than refusing the save.
        await writer.PostOkAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 35, ["status"] = "genomförd", ["comment"] = "Planen antagen och övad." }),
            ["committeeGoals"] = new JsonArray(CommitteeGoal("genomförd")),
        });
        // A committee goal's word is its own: the dropped word is refused for a goal that did not have it.
        var newGoal = await writer.PostAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 35, ["status"] = "genomförd", ["comment"] = "Planen antagen och övad." }),
            ["committeeGoals"] = new JsonArray(CommitteeGoal("genomförd"), CommitteeGoal("genomförd", "Alla chefer har övat krisledning.")),
        });
        Assert.Equal(HttpStatusCode.BadRequest, newGoal.StatusCode);
        Assert.Contains("committee_goals[1].status", await newGoal.Content.ReadAsStringAsync());
        followUp = JsonNode.Parse(await writer.GetStringAsync(PlanningCommitteePath(municipality, committee,
            "follow-up?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR")))!;
        var goal = followUp["committeeGoals"]!.AsArray().Single()!;
        Assert.Equal(("ASSIGNMENT_STATUS_DONE", "genomförd"), (goal["status"]!.GetValue<string>(), goal["statusWord"]!.GetValue<string>()));
        var kept = await writer.PostOkAsync(PlanningCommitteePath(municipality, committee, "assignments/35/status"), Status("Genomförd"));
        Assert.Equal(("ASSIGNMENT_STATUS_DONE", "Genomförd"), (kept["status"]!.GetValue<string>(), kept["statusWord"]!.GetValue<string>()));
        // A new word is read with today's vocabulary; once replaced, the dropped word is refused like any unknown one.
        var slutford = await writer.PostOkAsync(PlanningCommitteePath(municipality, committee, "assignments/35/status"), Status("Slutförd"));
        Assert.Equal(("ASSIGNMENT_STATUS_DONE", "Slutförd"), (slutford["status"]!.GetValue<string>(), slutford["statusWord"]!.GetValue<string>()));
        var again = await writer.PostAsync(PlanningCommitteePath(municipality, committee, "assignments/35/status"), Status("Genomförd"));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains(": Slutförd (or the AssignmentStatus enum name", await again.Content.ReadAsStringAsync());
    }
}
