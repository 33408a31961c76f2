using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace NamndFollowUp.Documents;

/// <summary>
/// Renders a document: a Liquid template (an embedded resource of the service that owns the document, e.g.
/// <c>bilaga1.liquid</c>) over a view model, inside the shared page layout (<c>_layout.liquid</c> of this assembly).
/// Every value is HTML-encoded by the engine; the filters give the seed's formats (<c>sv_number</c>, <c>sv_signed</c>,
/// <c>mnkr</c>, <c>tkr</c>, <c>paragraphs</c> (encoded <c>p</c> elements), <c>css_string</c>). Parsed templates are kept for the process's life.
/// </summary>
public static class DocumentTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<(Assembly, string), IFluidTemplate> Parsed = new();

    // Å, ä, ö, the minus sign and the no-break space stay as they are (a UTF-8 page); only markup characters are encoded.
    private static readonly TextEncoder Encoder = MarkupEncoder.Instance;

    private static readonly TemplateOptions Options = CreateOptions();

    /// <summary>The whole HTML page: <paramref name="template"/> of <paramref name="owner"/> over <paramref name="model"/>, in the layout.</summary>
    public static string Render(Assembly owner, string template, object model, DocumentHeader header)
    {
        var body = Get(owner, template).Render(new TemplateContext(model, Options), Encoder);
        var page = new TemplateContext(new { header, body }, Options);
        return Get(typeof(DocumentTemplates).Assembly, "_layout.liquid").Render(page, Encoder);
    }

    private static IFluidTemplate Get(Assembly owner, string name) => Parsed.GetOrAdd((owner, name), key =>
    {
        using var stream = key.Item1.GetManifestResourceStream(key.Item2)
            ?? throw new InvalidOperationException($"{key.Item1.GetName().Name} has no embedded template '{key.Item2}'");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        return Parser.TryParse(source, out var parsed, out var error)
            ? parsed
            : throw new InvalidOperationException($"template '{key.Item2}' of {key.Item1.GetName().Name} does not parse: {error}");
    });

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            // View models are plain records made for the template; nothing else is handed to it.
            MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase },
            CultureInfo = System.Globalization.CultureInfo.GetCultureInfo("sv-SE"),
        };
        options.Filters.AddFilter("sv_number", (input, args, _) => Number(input, args, SwedishNumber.Of, 1m));
        options.Filters.AddFilter("sv_signed", (input, args, _) => Number(input, args, SwedishNumber.Signed, 1m));
        options.Filters.AddFilter("mnkr", (input, args, _) => Number(input, args, SwedishNumber.Of, 1_000_000m));
        options.Filters.AddFilter("tkr", (input, args, _) => Number(input, args, SwedishNumber.Of, 1_000m));
        // Each paragraph (blank-line separated) as an encoded <p>: {{ comment | paragraphs }}.
        options.Filters.AddFilter("paragraphs", (input, _, _) => new ValueTask<FluidValue>(new StringValue(
            string.Concat(Paragraphs(input.ToStringValue()).Select(p => "<p>" + Encoder.Encode(p) + "</p>\n")), encode: false)));
        // Each argument is one more line: {{ header.department | css_string: header.title }}.
        options.Filters.AddFilter("css_string", (input, args, _) => new ValueTask<FluidValue>(new StringValue(
            CssString(string.Join('\n', new[] { input.ToStringValue() }.Concat(Enumerable.Range(0, args.Count).Select(i => args.At(i).ToStringValue())))), encode: false)));
        return options;
    }

    /// <summary>A number (or a decimal as text) divided by <paramref name="unit"/>, with the decimals of the filter's first argument (0 by default); empty when there is no number.</summary>
    private static ValueTask<FluidValue> Number(FluidValue input, FilterArguments args, Func<decimal, int, string> format, decimal unit)
    {
        decimal? value = input switch
        {
            NumberValue n => n.ToNumberValue(),
            StringValue s => SwedishNumber.Parse(s.ToStringValue()),
            _ => null,
        };
        var decimals = args.Count > 0 ? (int)args.At(0).ToNumberValue() : 0;
        return new ValueTask<FluidValue>(value is { } v ? new StringValue(format(v / unit, decimals)) : StringValue.Empty);
    }

    /// <summary>Paragraphs separated by a blank line, as the import format writes them.</summary>
    public static IEnumerable<string> Paragraphs(string? text) =>
        (text ?? "").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// A CSS string literal for a page's margin box (header text from data): quotes, backslashes and anything that
    /// could close the style element are escaped; a line break becomes CSS's "\A".
    /// </summary>
    public static string CssString(string? text)
    {
        var css = new System.Text.StringBuilder("\"");
        foreach (var c in text ?? "")
        {
            if (c == '\n')
            {
                css.Append("\\A ");
            }
            else if (c is '"' or '\\' or '<' or '>' or '&' || char.IsControl(c))
            {
                css.Append('\\').Append(((int)c).ToString("X", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
            }
            else
            {
                css.Append(c);
            }
        }
        return css.Append('"').ToString();
    }
}
