using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.KeyFigures.Tests;

public sealed class BenchmarkTests
{
    private const string Json = """
        {"count": 2, "values": [
          {"kpi": "N17473", "municipality": "0180", "period": 2024, "values": [{"gender": "T", "status": "", "value": 6100.5, "count": 1}]},
          {"kpi": "N17473", "municipality": "1480", "period": 2024, "values": [{"gender": "T", "value": 4900, "count": 1}, {"gender": "K", "value": null, "count": 0}]}
        ]}
        """;

    [Fact]
    public void Reads_Koladas_json()
    {
        var rows = KoladaFile.Parse(Json);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new KoladaRow("N17473", "0180", 2024, "T", 6100.5m, 1), rows[0]);
        Assert.Null(rows[2].Value);
    }

    [Fact]
    public void A_malformed_json_row_fails_the_file_and_names_the_row()
    {
        var bad = Json.Replace("\"value\": 4900", "\"value\": \"4 900\"");

        var error = Assert.Throws<ValidationFailedException>(() => KoladaFile.Parse(bad));

        var violation = Assert.Single(error.Violations);
        Assert.Equal("content.values[1].values[0].value", violation.Field);
        Assert.Contains("row 2", violation.Description);
    }

    [Fact]
    public void Reads_the_text_form_and_names_a_malformed_line()
    {
        var text = "kpi;municipality;period;gender;value;count\nN17473;0180;2024;T;6100.5;1\nN17473;1480;2024;X;4900;1\n";

        var error = Assert.Throws<ValidationFailedException>(() => KoladaFile.Parse(text));

        Assert.Equal("content.line[3].gender", Assert.Single(error.Violations).Field);
        Assert.Equal(2, KoladaFile.Parse(text.Replace(";X;", ";T;")).Count);
    }

    [Fact]
    public void A_group_without_its_own_value_is_the_unweighted_mean_of_its_members()
    {
        var values = new Dictionary<string, decimal> { ["0180"] = 6000m, ["1480"] = 5000m, ["1280"] = 4000m, ["0380"] = 9999m };

        var c = Comparison.Compare("0380", 5379.12m, "R12", "R12", ["0180", "1480", "1280", "0380"], values);

        // Kolada's own 0380 value is replaced by the committee's: mean of all four members' Kolada values.
        Assert.Equal((6000m + 5000m + 4000m + 9999m) / 4, c.GroupValue);
        Assert.True(c.GroupValueFromMembers);
        Assert.Equal(3, c.Rank);      // 4000 and 5000 are lower than 5379.12
        Assert.Equal(4, c.Ranked);
        Assert.Equal(5379.12m - c.GroupValue, c.Difference);
    }

    [Fact]
    public void A_groups_own_value_is_used_when_Kolada_gives_it()
    {
        var values = new Dictionary<string, decimal> { ["G124054"] = 5500m, ["0180"] = 6000m };

        var c = Comparison.Compare("0380", 5500m, "G124054", "Större städer", ["0180"], values);

        Assert.Equal(5500m, c.GroupValue);
        Assert.False(c.GroupValueFromMembers);
        Assert.Equal(0m, c.Difference);
        Assert.Equal(1, c.Rank);
    }

    [Fact]
    public void Koladas_status_flags_are_shown_beside_the_group_value_and_each_members_value()
    {
        var values = new Dictionary<string, decimal> { ["G124055"] = 4711.05m, ["1480"] = 5000.25m, ["0180"] = 6100.5m };
        var statuses = new Dictionary<string, string> { ["G124055"] = "Preliminary", ["1480"] = "Preliminary" };

        var group = Comparison.Compare("0380", 5379.12m, "G124055", "Kommungrupp", ["0180", "1480"], values, statuses);
        var network = Comparison.Compare("0380", 5379.12m, "R12", "R12", ["1480", "0180"], values, statuses);

        Assert.Equal("Preliminary", group.GroupStatus);
        Assert.Equal(new[] { new ComparedValue("0180", 6100.5m, ""), new ComparedValue("1480", 5000.25m, "Preliminary") }, group.Values);
        // A mean of members has no flag of its own; its members' flags are listed with them.
        Assert.Equal("", network.GroupStatus);
        Assert.Equal((6100.5m + 5000.25m) / 2, network.GroupValue);
        Assert.Equal(group.Values, network.Values);
    }
}
