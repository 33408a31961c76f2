using NamndFollowUp.KeyFigures.Domain.Formulas;

namespace NamndFollowUp.KeyFigures.Tests;

public sealed class FormulaTests
{
    private static Evaluation Eval(string formula, params (string Name, decimal Value)[] inputs) =>
        Formula.Evaluate(Formula.Parse(formula), n => inputs.Any(i => i.Name == n)
            ? Evaluation.Of(inputs.Single(i => i.Name == n).Value)
            : Evaluation.NotComputable($"no {n}"));

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 - 4 - 3", 3)]          // left-associative: (10 − 4) − 3
    [InlineData("24 / 4 / 2", 3)]          // (24 / 4) / 2
    [InlineData("-2 * -3", 6)]
    [InlineData("2.5 * 4", 10)]
    [InlineData("8 − 3 × 2", 2)]           // typographic minus and times from Word
    [InlineData("  7 ÷ 2 ", 3.5)]
    public void Evaluates_with_the_usual_precedence(string formula, double expected) =>
        Assert.Equal((decimal)expected, Eval(formula).Value);

    [Fact]
    public void Parses_input_names_into_the_tree()
    {
        var expr = Formula.Parse("(total_costs - other_income) / care_days");

        Assert.Equal(
            new BinaryExpr('/', new BinaryExpr('-', new InputExpr("total_costs"), new InputExpr("other_income")), new InputExpr("care_days")),
            expr);
        Assert.Equal(["total_costs", "other_income", "care_days"], Formula.Inputs(expr));
        Assert.Equal([new InputExpr("care_days")], Formula.Divisors(expr));
        Assert.Equal("(total_costs - other_income) / care_days", Formula.Print(expr));
    }

    [Fact]
    public void Evaluation_is_exact_decimal()
    {
        // 178 503 400 − 4 327 500 = 174 175 900 kr over 32 380 care days
        var result = Eval("(a - b) / c", ("a", 178_503_400m), ("b", 4_327_500m), ("c", 32_380m));

        Assert.Equal(174_175_900m / 32_380m, result.Value);
    }

    [Fact]
    public void A_zero_divisor_is_not_computable_with_the_reason()
    {
        var result = Eval("net_cost / care_days", ("net_cost", 100m), ("care_days", 0m));

        Assert.False(result.Computable);
        Assert.Contains("care_days", result.NotComputableReason);
        Assert.Contains("zero", result.NotComputableReason);
    }

    [Fact]
    public void A_missing_input_passes_its_reason_on()
    {
        var result = Eval("net_cost / care_days", ("net_cost", 100m));

        Assert.Equal("no care_days", result.NotComputableReason);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("net_cost / ", "ends")]
    [InlineData("(net_cost / care_days", "not closed")]
    [InlineData("net_cost / care_days)", "unexpected ')'")]
    [InlineData("net_cost ^ 2", "unexpected '^")]
    [InlineData("12,5 * care_days", "decimal comma")]
    [InlineData("net_cost / 'tolv'", "unexpected ''tolv''")]
    [InlineData("3care_days", "input names start with a letter")]
    [InlineData("System.IO.File.Delete(x)", "unexpected '.IO")]
    public void Malformed_formulas_are_refused_naming_the_problem(string formula, string expected)
    {
        var error = Assert.Throws<FormulaSyntaxException>(() => Formula.Parse(formula));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("a - b + c", true)]
    [InlineData("-a", true)]
    [InlineData("a / b", false)]
    [InlineData("a - 2 * b", false)]
    public void Knows_sums_and_differences(string formula, bool additive) =>
        Assert.Equal(additive, Formula.IsAdditive(Formula.Parse(formula)));
}
