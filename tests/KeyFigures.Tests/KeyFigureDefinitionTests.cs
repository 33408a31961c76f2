using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;
using static NamndFollowUp.KeyFigures.Tests.SeedDefinitions;

namespace NamndFollowUp.KeyFigures.Tests;

public sealed class KeyFigureDefinitionTests
{
    private static ValidationFailedException Refused(KeyFigureDefinition.Draft draft) =>
        Assert.Throws<ValidationFailedException>(() => KeyFigureDefinition.Validate(draft));

    [Fact]
    public void The_seeds_5731_definition_is_valid()
    {
        var definition = Define(PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn"));

        Assert.Equal(4, definition.Inputs.Count);
        Assert.True(definition.DependsOnEconomy("5731", "BOU-INST"));
        Assert.False(definition.DependsOnEconomy("5731", ""));
        Assert.False(definition.DependsOnEconomy("5731", "BOU-INST-EXT"));
    }

    [Fact]
    public void An_unknown_input_in_the_formula_is_named()
    {
        var draft = PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn") with { Formula = "net_cost / antal_varddygn" };

        var error = Refused(draft);

        var violation = Assert.Single(error.Violations);
        Assert.Equal("formula", violation.Field);
        Assert.Contains("unknown input 'antal_varddygn'", violation.Description);
    }

    [Fact]
    public void An_unknown_input_in_a_computed_input_is_named_with_its_index()
    {
        var draft = PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn");
        draft.Inputs[2].Formula = "total_costs - income";

        var violation = Assert.Single(Refused(draft).Violations);

        Assert.Equal("inputs[2].formula", violation.Field);
        Assert.Contains("unknown input 'income'", violation.Description);
    }

    [Fact]
    public void Division_by_an_input_that_may_be_zero_without_a_rule_is_refused()
    {
        var draft = PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn");
        draft.Inputs[3].ZeroMeansNotComputable = false;

        var violation = Assert.Single(Refused(draft).Violations);

        Assert.Equal("formula", violation.Field);
        Assert.Contains("divides by input 'care_days', which may be zero, without a rule", violation.Description);
    }

    [Fact]
    public void Division_by_an_expression_is_refused_and_by_a_constant_allowed()
    {
        var draft = PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn") with { Formula = "net_cost / (care_days - 1)" };
        Assert.Contains("'care_days - 1', which may be zero", Assert.Single(Refused(draft).Violations).Description);

        Assert.Contains("divides by the number 0", Assert.Single(Refused(draft with { Formula = "net_cost / 0" }).Violations).Description);
        KeyFigureDefinition.Validate(draft with { Formula = "net_cost / care_days / 1000" });
    }

    [Fact]
    public void A_cycle_between_computed_inputs_is_named()
    {
        var draft = PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn");
        var inputs = draft.Inputs.ToList();
        inputs[2].Formula = "gross - other_income";
        inputs.Add(Computed("gross", "Brutto", "net_cost + other_income"));

        var violation = Assert.Single(Refused(draft with { Inputs = inputs }).Violations);

        Assert.Contains("cycle", violation.Description);
        Assert.Contains("net_cost → gross → net_cost", violation.Description);
    }

    [Fact]
    public void Text_where_a_number_belongs_in_a_formula_is_refused()
    {
        var draft = PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn") with { Formula = "net_cost / care_days * 1,5" };

        var violation = Assert.Single(Refused(draft).Violations);

        Assert.Equal("formula", violation.Field);
        Assert.Contains("decimal comma", violation.Description);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var draft = PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn") with { Name = "", Formula = "x / care_days" };
        draft.Inputs[0].Measure = null;
        draft.Inputs[1].Name = "1bad";

        var fields = Refused(draft).Violations.Select(v => v.Field).ToList();

        Assert.Contains("name", fields);
        Assert.Contains("formula", fields);
        Assert.Contains("inputs[0].measure", fields);
        Assert.Contains("inputs[1].name", fields);
    }

    [Fact]
    public void A_refused_redefinition_changes_nothing()
    {
        var definition = Define(PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn"));

        Assert.Throws<ValidationFailedException>(() =>
            definition.Redefine(PerVolume("5731-1", "5731", "BOU-INST", "care_days", "vårddygn") with { Formula = "nope" }, DateTimeOffset.UtcNow));

        Assert.Equal("net_cost / care_days", definition.Formula);
    }
}
