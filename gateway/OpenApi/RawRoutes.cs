using Microsoft.AspNetCore.Routing.Template;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// A route the gateway forwards outside JSON transcoding: a google.api.http rule can take a file only
/// base64-encoded inside one JSON message, so a service serves these itself with the file as the raw body.
/// No descriptor tells the OpenAPI generator about them; this record does.
/// </summary>
/// <param name="Verb">The HTTP verb, lower case as in an OpenAPI path item.</param>
/// <param name="Template">
/// The path; its variables name fields of the shared RPC's request, as a google.api.http template does, so
/// that the generator describes them as it describes every other route.
/// </param>
/// <param name="Name">The operation's name; its operationId is "&lt;Service&gt;_&lt;Name&gt;".</param>
/// <param name="SharesRpc">
/// The gRPC method ("/package.Service/Method") whose declared access the service decides the route by and
/// whose response message it answers with.
/// </param>
/// <param name="ProxyRoute">The id of the gateway's ReverseProxy route that forwards it (appsettings.json).</param>
/// <param name="ContentTypes">The Content-Types the service accepts; any other is refused with 415.</param>
/// <param name="Summary">One line for the operation.</param>
/// <param name="About">What the body is and what the call does, in the domain's words.</param>
public sealed record RawRoute(
    string Verb,
    string Template,
    string Name,
    string SharesRpc,
    string ProxyRoute,
    IReadOnlyList<string> ContentTypes,
    string Summary,
    string About)
{
    /// <summary>The largest body the gateway forwards on this route: its proxy route's MaxRequestBodySize.</summary>
    public long? MaxBodySize { get; init; }
}

/// <summary>The gateway's raw routes: the one place the OpenAPI document learns of them.</summary>
public static class RawRoutes
{
    private const string Imports = "/api/v1/economy/municipalities/{municipality_code}/committees/{committee_code}/imports";
    private const string FileStream = "/namnd.economy.v1.EconomyService/ImportEconomyFileStream";

    public static IReadOnlyList<RawRoute> All { get; } =
    [
        new("post", Imports + "/csv:upload", "UploadEconomyCsv", FileStream, "economy-uploads",
            ImportUploadContentTypes.Csv,
            "Upload an economy CSV file as the raw body",
            "Imports a committee's economy from a CSV file (UTF-8, the format in docs/economy.md) sent as the request body "
            + "as it is: figures, allocation areas, budget adjustments, report layouts, units, investments, savings, narratives "
            + "and check rows, for the periods the file's rows name. All or nothing: every bad line is reported with its line "
            + "number and reason (the first 1 000, then a count) and nothing is stored. The same file twice changes nothing "
            + "and publishes no events."),
        new("post", Imports + "/sie:upload", "UploadEconomySie", FileStream, "economy-uploads",
            ImportUploadContentTypes.Sie,
            "Upload an SIE 4 file as the raw body",
            "Imports a committee's economy from an SIE 4 file (CP437, #SIETYP 4; the dimensions and records in "
            + "docs/economy.md) sent as the request body as it is: #PSALDO and #PBUDGET period balances per object, for the "
            + "periods the file names. All or nothing: every bad line is reported with its line number and reason (the first "
            + "1 000, then a count) and nothing is stored. The same file twice changes nothing and publishes no events."),
        new("post", "/api/v1/keyfigures/municipalities/{municipality_code}/kolada-values:upload", "UploadKoladaValues",
            "/namnd.keyfigures.v1.KeyFiguresService/ImportKoladaValues", "keyfigures-rest",
            KoladaUploadContentTypes.All,
            "Upload Kolada's API response as the raw body",
            "Imports other municipalities', groups' and the country's values from Kolada's API response (v2 or v3 "
            + "/data/kpi, JSON) posted exactly as Kolada served it: one page, several pages one after another or as an array, "
            + "with each value's gender (T, K, M), count and status flag; or the text form kpi;municipality;period;gender;value;count[;status] "
            + "(text/csv). The answer gives the pages read and the last page's next_url, so a client can post page by page. All or "
            + "nothing: a malformed row refuses the body, naming its page and row."),
    ];

    /// <summary>
    /// The raw routes with the body limit their proxy route sets. Each must be forwarded by the proxy route it
    /// names, with its verb: a document that promised a route the gateway does not forward would fail every
    /// client that trusts it, so the gateway refuses to start instead.
    /// </summary>
    public static IReadOnlyList<RawRoute> Configured(IConfiguration configuration) => All.Select(route =>
    {
        var proxy = configuration.GetSection($"ReverseProxy:Routes:{route.ProxyRoute}");
        var pattern = proxy["Match:Path"]
            ?? throw new InvalidOperationException($"OpenAPI raw route {route.Template}: no ReverseProxy route '{route.ProxyRoute}' with a Match:Path");
        var methods = proxy.GetSection("Match:Methods").Get<string[]>() ?? [];
        var sample = System.Text.RegularExpressions.Regex.Replace(route.Template, @"\{[^}]+\}", "x");
        var matches = new TemplateMatcher(TemplateParser.Parse(pattern.TrimStart('/')), new()).TryMatch(sample, new());
        if (!matches || (methods.Length > 0 && !methods.Contains(route.Verb, StringComparer.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(
                $"OpenAPI raw route {route.Verb.ToUpperInvariant()} {route.Template} is not forwarded by ReverseProxy route '{route.ProxyRoute}' ({string.Join(",", methods)} {pattern})");
        }
        return route with { MaxBodySize = proxy.GetValue<long?>("MaxRequestBodySize") };
    }).ToList();
}
