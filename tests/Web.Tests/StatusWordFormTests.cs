using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Web.Tests;

/// <summary>
/// The committee's status form offers the municipality's status vocabulary (planning's GetStatusVocabulary through the
/// gateway), shows the word the committee stored as selected, and saves the word chosen. The seed writes "Färdig" for
/// assignments 32, 33 and 35 and "Klar" for the others (deploy/demo/planning-followup-2024.json); the form's former fixed
/// list (Ej påbörjad, Pågående, Klar, Avbruten, Senarelagd) showed "Klar" for both and could not store "Färdig". The
/// demo's helår follow-up is adopted (read-only), so the committee reports its delår 2024 here, with the seed's words.
/// </summary>
[Collection(WebSuiteCollection.Name)]
public sealed class StatusWordFormTests(WebSuite suite)
{
    private const string Committee = "SCN";
    private const string Period = "period.year=2024&period.point=PERIOD_POINT_INTERIM";

    // The office's vocabulary for this test: the seed's two words for done and one that is in neither the old fixed list
    // nor planning's defaults ("Slutförd"), so only a form reading the vocabulary can offer it.
    private static readonly (string Word, string Status)[] Vocabulary =
    [
        ("Klar", "ASSIGNMENT_STATUS_DONE"), ("Färdig", "ASSIGNMENT_STATUS_DONE"), ("Slutförd", "ASSIGNMENT_STATUS_DONE"),
        ("Pågående", "ASSIGNMENT_STATUS_IN_PROGRESS"), ("Ej påbörjad", "ASSIGNMENT_STATUS_NOT_STARTED"),
        ("Avbruten", "ASSIGNMENT_STATUS_CANCELLED"), ("Senarelagd", "ASSIGNMENT_STATUS_POSTPONED"),
    ];

    [Fact]
    public async Task The_status_form_offers_the_municipalitys_words_shows_the_stored_one_and_saves_the_chosen_word()
    {
        using var http = new HttpClient { BaseAddress = new Uri(suite.GatewayRestAddress) };
        var office = suite.Token(null, Roles.MunicipalOffice);
        var vocabularyPath = $"/api/v1/planning/municipalities/{WebSuite.Municipality}/status-vocabulary";
        var body = new JsonObject { ["words"] = new JsonArray(Vocabulary.Select(w => (JsonNode)new JsonObject { ["word"] = w.Word, ["status"] = w.Status }).ToArray()) };
        using (var put = await SendAsync(http, HttpMethod.Put, vocabularyPath, office, body))
        {
            Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }

        // The committee's delår follow-up as its system would import it, each status in the seed's own word.
        var followUp = new JsonObject
        {
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_INTERIM" },
            ["committeeName"] = "Socialnämnden", ["departmentName"] = "Socialförvaltningen",
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 1, ["status"] = "Klar" }, new JsonObject { ["number"] = 32, ["status"] = "Färdig" }),
        };
        using (var imported = await SendAsync(http, HttpMethod.Post, $"/api/v1/planning/municipalities/{WebSuite.Municipality}/committees/{Committee}/follow-up:import",
            suite.Token(Committee, Roles.CommitteeWriter), followUp))
        {
            Assert.True(imported.IsSuccessStatusCode, $"{(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
        }

        var page = await Browser.SignedInPageAsync(suite, Roles.CommitteeWriter, Committee);
        await page.GotoAsync($"/namnd/{Committee}/arbete?ar=2024&tidpunkt=delar");
        var select = page.Locator("#status-32");
        // Every word of the vocabulary, in the office's order, and nothing else (assignment 32 has a status already).
        Assert.Equal(Vocabulary.Select(w => w.Word), (await select.Locator("option").AllInnerTextsAsync()).Select(t => t.Trim()));
        // The seed's own word for assignment 32, not the status's first word ("Klar").
        await Assertions.Expect(select).ToHaveValueAsync("Färdig");
        await Assertions.Expect(page.Locator("#status-1")).ToHaveValueAsync("Klar");

        await select.SelectOptionAsync(new SelectOptionValue { Label = "Slutförd" });
        await page.Locator("form", new() { Has = select }).GetByRole(AriaRole.Button, new() { Name = "Spara status" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Status för uppdrag 32 är sparad.");
        await Assertions.Expect(page.Locator("#status-32")).ToHaveValueAsync("Slutförd");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));

        // Planning stored the word as chosen, with the status it means in the vocabulary; assignment 1 kept its own.
        var stored = await AssignmentAsync(http, 32);
        Assert.Equal(("Slutförd", "ASSIGNMENT_STATUS_DONE"), (stored["statusWord"]?.GetValue<string>(), stored["status"]?.GetValue<string>()));
        Assert.Equal("Klar", (await AssignmentAsync(http, 1))["statusWord"]?.GetValue<string>());
    }

    private async Task<JsonNode> AssignmentAsync(HttpClient http, int number)
    {
        using var response = await SendAsync(http, HttpMethod.Get,
            $"/api/v1/planning/municipalities/{WebSuite.Municipality}/committees/{Committee}/follow-up?{Period}",
            suite.Token(Committee, Roles.CommitteeWriter), null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["assignments"]!.AsArray().Single(a => a!["number"]!.GetValue<int>() == number)!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), Encoding.UTF8, "application/json");
        }
        return await http.SendAsync(request);
    }
}
