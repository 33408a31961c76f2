using System.Text;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.KeyFigures.Tests;

/// <summary>
/// Kolada's responses as its API serves them (tests/fixtures/kolada, see its README): the expected counts and
/// values were computed from the files with Python, not by this parser.
/// </summary>
public sealed class KoladaFileTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Kolada", name));

    private const string Page1 = "v3-N17473-2024-page1.json";
    private const string Page2 = "v3-N17473-2024-page2.json";

    private static Task<KoladaUpload> Read(params byte[][] bodies) =>
        KoladaFile.ReadJsonAsync(new MemoryStream(bodies.SelectMany(b => b).ToArray()), CancellationToken.None);

    [Fact]
    public async Task A_v3_page_is_read_as_served_with_every_gender_status_and_the_link_to_the_next_page()
    {
        var upload = await Read(Fixture(Page1));

        Assert.Equal(9, upload.Rows.Count);
        Assert.Equal(1, upload.Pages);
        Assert.Equal("https://api.kolada.se/v3/data/kpi/N17473/year/2024?page=2&per_page=5", upload.NextUrl);
        Assert.Equal(4, upload.Rows.Count(r => r.Status != ""));
        Assert.Equal(new KoladaRow("N17473", "1480", 2024, "T", 5000.25m, 1, "Preliminary"), upload.Rows.Single(r => r.AreaId == "1480" && r.Gender == "T"));
        Assert.Equal(new KoladaRow("N17473", "0180", 2024, "K", 6212.0m, 1), upload.Rows.Single(r => r.AreaId == "0180" && r.Gender == "K"));
        Assert.Equal(new KoladaRow("N17473", "0180", 2024, "M", 5998.4m, 1), upload.Rows.Single(r => r.AreaId == "0180" && r.Gender == "M"));
        var missing = upload.Rows.Single(r => r.AreaId == "0580");
        Assert.Null(missing.Value);
        Assert.Equal("Missing", missing.Status);
    }

    [Fact]
    public async Task The_last_page_has_no_next_url_and_carries_group_and_country_values()
    {
        var upload = await Read(Fixture(Page2));

        Assert.Equal(6, upload.Rows.Count);
        Assert.Null(upload.NextUrl);
        Assert.Equal(new KoladaRow("N17473", "G124054", 2024, "T", 5541.2m, 24), upload.Rows.Single(r => r.AreaId == "G124054"));
        Assert.Equal(new KoladaRow("N17473", "G124055", 2024, "T", 4711.05m, 11, "Preliminary"), upload.Rows.Single(r => r.AreaId == "G124055"));
        Assert.Equal(5804.4m, upload.Rows.Single(r => r.AreaId == "0000" && r.Gender == "T").Value);
    }

    [Fact]
    public async Task Several_pages_in_one_body_one_after_another_or_as_an_array_are_all_read()
    {
        var concatenated = await Read(Fixture(Page1), "\n"u8.ToArray(), Fixture(Page2));
        var array = await Read("["u8.ToArray(), Fixture(Page1), ","u8.ToArray(), Fixture(Page2), "]"u8.ToArray());

        foreach (var upload in new[] { concatenated, array })
        {
            Assert.Equal(15, upload.Rows.Count);
            Assert.Equal(2, upload.Pages);
            Assert.Equal(5, upload.Rows.Count(r => r.Status != ""));
            Assert.Null(upload.NextUrl); // the last page's
        }
        Assert.Equal(concatenated.Rows, array.Rows);
    }

    [Fact]
    public async Task A_v2_response_and_a_from_date_answer_with_deleted_values_are_read()
    {
        var v2 = await Read(Fixture("v2-N17473-2023.json"));
        Assert.Equal(3, v2.Rows.Count);
        Assert.Equal(new[] { 5890.3m, 4876.9m, 5611.0m }, v2.Rows.Select(r => r.Value!.Value));
        Assert.Null(v2.NextUrl);

        var changes = await Read(Fixture("v2-N17473-from-date.json"));
        Assert.Equal(2, changes.Rows.Count);
        Assert.True(changes.Rows.Single(r => r.AreaId == "1280").Deleted);
        Assert.Equal(new KoladaRow("N17473", "1480", 2024, "T", 5010.5m, 1), changes.Rows.Single(r => r.AreaId == "1480"));
    }

    [Fact]
    public async Task A_bad_value_on_the_second_page_refuses_the_body_naming_page_and_row()
    {
        // The third entry of page 2 (the country) with a Swedish decimal comma where Kolada has a number.
        var bad = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixture(Page2)).Replace("\"value\":5804.4", "\"value\":\"5804,4\""));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Read(Fixture(Page1), bad));

        var violation = Assert.Single(error.Violations);
        Assert.Equal("content.pages[1].values[2].values[2].value", violation.Field);
        Assert.Contains("page 2, row 3", violation.Description);
        Assert.Contains("5804,4", violation.Description);
    }

    [Fact]
    public async Task Organisational_unit_data_is_refused_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Read(Fixture("v3-ou-data.json")));

        var violation = Assert.Single(error.Violations);
        Assert.Equal("content.values[0].municipality", violation.Field);
        Assert.Contains("oudata", violation.Description);
    }

    [Theory]
    [InlineData("{\"values\": [] ", "is not valid JSON")]
    [InlineData("{\"count\": 0}", "has no \"values\" array")]
    [InlineData("42", "expected a Kolada response page")]
    [InlineData("", "is empty")]
    public async Task What_is_not_a_Kolada_response_is_refused_with_a_reason(string body, string reason)
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Read(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(reason, Assert.Single(error.Violations).Description);
    }

    [Fact]
    public async Task A_status_that_is_not_a_short_text_is_refused()
    {
        var bad = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixture(Page1)).Replace("\"status\":\"Missing\"", $"\"status\":\"{new string('x', 65)}\""));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Read(bad));

        Assert.Equal("content.values[4].values[0].status", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void The_text_form_may_carry_a_status_column()
    {
        var rows = KoladaFile.Parse("kpi;municipality;period;gender;value;count;status\nN17473;1480;2024;T;5000.25;1;Preliminary\nN17473;0580;2024;T;;0;Missing\n");

        Assert.Equal(new KoladaRow("N17473", "1480", 2024, "T", 5000.25m, 1, "Preliminary"), rows[0]);
        Assert.Equal(new KoladaRow("N17473", "0580", 2024, "T", null, 0, "Missing"), rows[1]);
    }
}
