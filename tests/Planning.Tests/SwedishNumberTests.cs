using NamndFollowUp.Documents;

namespace NamndFollowUp.Planning.Tests;

/// <summary>The documents' number format, as the seed prints figures: "−23,5", "1 234", "+5".</summary>
public sealed class SwedishNumberTests
{
    [Theory]
    [InlineData("-23.5", 1, "\u221223,5")]
    [InlineData("-23.45", 1, "\u221223,5")]
    [InlineData("1234", 0, "1\u00a0234")]
    [InlineData("12361", 0, "12\u00a0361")]
    [InlineData("-950000", 0, "\u2212950\u00a0000")]
    [InlineData("-0.04", 1, "0,0")]
    [InlineData("0.25", 1, "0,3")]
    public void Numbers_have_a_decimal_comma_a_real_minus_and_a_no_break_thousands_space(string value, int decimals, string expected) =>
        Assert.Equal(expected, SwedishNumber.Of(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), decimals));

    [Theory]
    [InlineData("5", "+5")]
    [InlineData("-4", "\u22124")]
    [InlineData("0", "0")]
    public void A_change_carries_its_sign(string value, string expected) =>
        Assert.Equal(expected, SwedishNumber.Signed(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Header_text_from_data_cannot_close_the_style_element_or_its_string()
    {
        var css = DocumentTemplates.CssString("A\"B\\C</style><script>\nD");
        Assert.Equal("\"A\\22 B\\5C C\\3C /style\\3E \\3C script\\3E \\A D\"", css);
    }
}
