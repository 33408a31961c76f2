using System.Text.RegularExpressions;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// The documents and the BI CSV are files at the gateway; the browser has no token of its own, so the app
/// fetches them with the person's token and passes them on as they stream (a PDF or a large CSV is never
/// held whole here).
/// </summary>
public static partial class GatewayDownloads
{
    private static readonly string[] Services = ["economy", "planning", "keyfigures"];

    public static WebApplication MapGatewayDownloads(this WebApplication app)
    {
        var downloads = app.MapGroup("").RequireAuthorization();
        downloads.MapGet("/dokument/{committee}/{document}", (HttpContext context, string committee, string document, string? ar, string? tidpunkt, IHttpClientFactory clients) =>
        {
            var caller = Caller.From(context.User)!;
            if (!Code().IsMatch(committee))
            {
                return Task.FromResult(Results.NotFound());
            }
            var period = PeriodChoice.Parse(ar, tidpunkt, PeriodChoice.Fallback);
            var scope = $"municipalities/{caller.Municipality}/committees/{committee}";
            var path = PathOf(document, scope);
            return path is null
                ? Task.FromResult(Results.NotFound())
                : ForwardAsync(context, clients, $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{period.Query}", null);
        });
        downloads.MapGet("/bi/{service}/{set}.csv", (HttpContext context, string service, string set, IHttpClientFactory clients) =>
        {
            var caller = Caller.From(context.User)!;
            if (!Services.Contains(service) || !Code().IsMatch(set))
            {
                return Task.FromResult(Results.NotFound());
            }
            return ForwardAsync(context, clients, $"/api/v1/{service}/municipalities/{caller.Municipality}/facts/{set}/rows.csv",
                $"{caller.Municipality}-{service}-{set}.csv");
        });
        return app;
    }

    /// <summary>
    /// Each document of a committee's follow-up, as HTML and PDF, by the name its link has here: the tjänsteskrivelse,
    /// Bilaga 1 and 2 and the text-against-figures review (planning), Bilaga 3 and the monthly result report (economy),
    /// Bilaga 4 (key figures). <c>nyckeltal.html</c> is Bilaga 4's earlier name, kept for bookmarks.
    /// </summary>
    private static string? PathOf(string document, string scope)
    {
        var (name, pdf) = document.EndsWith(".pdf", StringComparison.Ordinal) ? (document[..^4], true)
            : document.EndsWith(".html", StringComparison.Ordinal) ? (document[..^5], false) : (document, false);
        var file = pdf ? "document.pdf" : "document";
        return name switch
        {
            "tjansteskrivelse" => $"/api/v1/planning/{scope}/follow-up/{file}?document=FOLLOW_UP_DOCUMENT_COVER_MEMO",
            "bilaga1" => $"/api/v1/planning/{scope}/follow-up/{file}",
            "bilaga2" => $"/api/v1/planning/{scope}/follow-up/{file}?document=FOLLOW_UP_DOCUMENT_BILAGA_2",
            "granskning" => $"/api/v1/planning/{scope}/follow-up/{file}?document=FOLLOW_UP_DOCUMENT_REVIEW",
            "bilaga3" => $"/api/v1/economy/{scope}/{file}",
            "resultatrapport" => $"/api/v1/economy/{scope}/result-report/{file}",
            "bilaga4" or "nyckeltal" => $"/api/v1/keyfigures/{scope}/sheet/{file}",
            _ => null,
        };
    }

    private static async Task<IResult> ForwardAsync(HttpContext context, IHttpClientFactory clients, string path, string? fileName)
    {
        var client = clients.CreateClient(GatewayExtensions.RestClient);
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.RegisterForDispose(response);
        if (!response.IsSuccessStatusCode)
        {
            var reason = (int)response.StatusCode switch
            {
                401 => "Inloggningen har gått ut. Logga in igen.",
                403 => "Du har inte behörighet till det här dokumentet.",
                404 => "Dokumentet finns inte.",
                _ => $"Tjänsten kunde inte ta fram dokumentet ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(context.RequestAborted)}",
            };
            return Results.Text(reason, "text/plain; charset=utf-8", statusCode: (int)response.StatusCode);
        }
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        if (response.Headers.TryGetValues("Change-Token", out var changeToken))
        {
            context.Response.Headers["Change-Token"] = changeToken.ToArray();
        }
        return Results.Stream(await response.Content.ReadAsStreamAsync(context.RequestAborted), contentType, fileName);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex Code();
}
