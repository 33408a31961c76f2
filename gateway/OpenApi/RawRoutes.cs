using Microsoft.AspNetCore.Routing.Template;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// A route a service serves outside JSON transcoding, which no google.api.http rule describes: a file as the raw
/// request body (a rule could take it only base64-encoded inside a JSON message), or an export written as CSV
/// or NDJSON as it is read. This record tells the OpenAPI document about it.
/// </summary>
/// <param name="Verb">The HTTP verb, lower case as in an OpenAPI path item.</param>
/// <param name="Template">The path; its variables are named as the shared RPC's transcoded routes name them.</param>
/// <param name="Name">The operation's name; its operationId is "&lt;Service&gt;_&lt;Name&gt;".</param>
/// <param name="SharesRpc">The gRPC method whose declared access the service decides the route by, and whose answer it gives.</param>
/// <param name="ProxyRoutes">The ids of the gateway's ReverseProxy routes that forward it (appsettings.json).</param>
/// <param name="RequestTypes">The Content-Types of an upload's body (any other is refused with 415); empty for a download.</param>
/// <param name="ResponseType">A download's Content-Type; null when the answer is the shared RPC's JSON message.</param>
/// <param name="Summary">One line for the operation.</param>
/// <param name="About">What the body or the answer is and what the call does, in the domain's words.</param>
public sealed record RawRoute(
    string Verb,
    string Template,
    string Name,
    string SharesRpc,
    IReadOnlyList<string> ProxyRoutes,
    IReadOnlyList<string> RequestTypes,
    string? ResponseType,
    string Summary,
    string About)
{
    /// <summary>The largest body the gateway forwards on this route: its proxy route's MaxRequestBodySize.</summary>
    public long? MaxBodySize { get; init; }
}

/// <summary>The routes outside JSON transcoding: the one place the OpenAPI document learns of them.</summary>
public static class RawRoutes
{
    private const string Imports = "/api/v1/economy/municipalities/{municipalityCode}/committees/{committeeCode}/imports";
    private const string Facts = "/api/v1/{service}/municipalities/{municipalityCode}/facts/{factSet}";
    private const string FileStream = "/namnd.economy.v1.EconomyService/ImportEconomyFileStream";
    private const string FollowedBy = " With an Import-Id header (a UUID the client chooses) the import can be followed while it runs, "
        + "from any replica, with GET …/imports/{importId} (GetImportProgress).";
    private const string PullFacts = "/namnd.export.v1.ExportService/PullFacts";
    private static readonly string[] EveryService = ["economy-rest", "planning-rest", "keyfigures-rest"];
    private const string IncrementalPull = " Without changeToken: every row of the set, all as inserts; with the Change-Token header of an "
        + "earlier answer as changeToken: only what changed since (inserts, updates, deletes), each row once in its latest state.";

    public static IReadOnlyList<RawRoute> All { get; } =
    [
        new("post", Imports + "/csv:upload", "UploadEconomyCsv", FileStream, ["economy-uploads"], ImportUploadContentTypes.Csv, null,
            "Upload an economy CSV file as the raw body",
            "Imports a committee's economy from a CSV file (UTF-8, the format in docs/economy.md) sent as the request body "
            + "as it is: figures, allocation areas, budget adjustments, report layouts, units, investments, savings, narratives "
            + "and check rows, for the periods the file's rows name. All or nothing: every bad line is reported with its line "
            + "number and reason (the first 1 000, then a count) and nothing is stored. The same file twice changes nothing "
            + "and publishes no events." + FollowedBy),
        new("post", Imports + "/sie:upload", "UploadEconomySie", FileStream, ["economy-uploads"], ImportUploadContentTypes.Sie, null,
            "Upload an SIE 4 file as the raw body",
            "Imports a committee's economy from an SIE 4 file (CP437, #SIETYP 4; the dimensions and records in "
            + "docs/economy.md) sent as the request body as it is: #PSALDO and #PBUDGET period balances per object, for the "
            + "periods the file names. All or nothing: every bad line is reported with its line number and reason (the first "
            + "1 000, then a count) and nothing is stored. The same file twice changes nothing and publishes no events." + FollowedBy),
        new("post", "/api/v1/keyfigures/municipalities/{municipalityCode}/kolada-values:upload", "UploadKoladaValues",
            "/namnd.keyfigures.v1.KeyFiguresService/ImportKoladaValues", ["keyfigures-rest"], KoladaUploadContentTypes.All, null,
            "Upload Kolada's API response as the raw body",
            "Imports other municipalities', groups' and the country's values from Kolada's API response (v2 or v3 "
            + "/data/kpi, JSON) posted exactly as Kolada served it: one page, several pages one after another or as an array, "
            + "with each value's gender (T, K, M), count and status flag; or the text form kpi;municipality;period;gender;value;count[;status] "
            + "(text/csv). The answer gives the pages read and the last page's next_url, so a client can post page by page. All or "
            + "nothing: a malformed row refuses the body, naming its page and row."),
        new("get", Facts + "/rows.csv", "PullFactsCsv", PullFacts, EveryService, [], "text/csv",
            "Export a fact set as CSV",
            "The municipality's rows of a fact set (ListFactSets names them) as CSV with a header row, written by PostgreSQL "
            + "(COPY) as it reads them; the Change-Token response header is the token of the next incremental pull." + IncrementalPull),
        new("get", Facts + "/rows.ndjson", "PullFactsNdjson", PullFacts, EveryService, [], "application/x-ndjson",
            "Export a fact set as NDJSON",
            "The municipality's rows of a fact set as one JSON object per line ({\"operation\", \"key\", \"row\"}), written as "
            + "they are read; the Change-Token response header is the token of the next incremental pull." + IncrementalPull),
    ];

    /// <summary>
    /// The raw routes with the body limit their proxy route sets. Each must be forwarded by the proxy routes it
    /// names, with its verb: a document that promised a route the gateway does not forward would fail every
    /// client that trusts it, so the gateway refuses to start instead.
    /// </summary>
    public static IReadOnlyList<RawRoute> Configured(IConfiguration configuration) => All.Select(route =>
    {
        long? limit = null;
        foreach (var id in route.ProxyRoutes)
        {
            var proxy = configuration.GetSection($"ReverseProxy:Routes:{id}");
            var pattern = proxy["Match:Path"]
                ?? throw new InvalidOperationException($"OpenAPI raw route {route.Template}: no ReverseProxy route '{id}' with a Match:Path");
            var methods = proxy.GetSection("Match:Methods").Get<string[]>() ?? [];
            // "economy-rest" forwards /api/v1/economy/…: the service a {service} route stands for is the route id's first word.
            var sample = System.Text.RegularExpressions.Regex.Replace(route.Template.Replace("{service}", id.Split('-')[0]), @"\{[^}]+\}", "x");
            var matches = new TemplateMatcher(TemplateParser.Parse(pattern.TrimStart('/')), new()).TryMatch(sample, new());
            if (!matches || (methods.Length > 0 && !methods.Contains(route.Verb, StringComparer.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException(
                    $"OpenAPI raw route {route.Verb.ToUpperInvariant()} {route.Template} is not forwarded by ReverseProxy route '{id}' ({string.Join(",", methods)} {pattern})");
            }
            limit ??= proxy.GetValue<long?>("MaxRequestBodySize");
        }
        return route with { MaxBodySize = limit };
    }).ToList();
}
