using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>How the JSON text of a REST body is spoiled after encoding (the message's own values are generated).</summary>
public enum JsonMutation { None, UnknownField, DuplicateKey, Truncated, WrongType, DeepNesting, HugeNumber, TrailingGarbage, NotAnObject }

/// <summary>
/// REST through the gateway as JSON transcoding binds it, from the RPC's google.api.http rule: path variables from
/// the message's fields, the rest in the query (GET) or the JSON body (body "*").
/// </summary>
public sealed partial class RestWire(FuzzSuite suite)
{
    public static (string Verb, string PathAndQuery, string? Body) Build(Rpc rpc, Message message, JsonMutation mutation)
    {
        var used = new List<string>();
        var path = Variable().Replace(rpc.Template!, m =>
        {
            var name = m.Groups["name"].Value;
            used.Add(name);
            return Uri.EscapeDataString(Text(message.Get(name)));
        });
        var rest = message.Without(used);
        if (rpc.Body is null)
        {
            var query = Query(rest, "").ToList();
            if (mutation != JsonMutation.None)
            {
                // Messy queries: an unknown parameter, a repeated one, a NUL at the end of one.
                query.Add(mutation switch
                {
                    JsonMutation.UnknownField => "fuzzUnknown=1",
                    JsonMutation.DuplicateKey when query.Count > 0 => query[0],
                    JsonMutation.Truncated when query.Count > 0 => query[0] + "%00",
                    _ => "period.year=2024%00",
                });
            }
            return (rpc.Verb!, query.Count == 0 ? path : $"{path}?{string.Join('&', query)}", null);
        }
        return (rpc.Verb!, path, Spoil(rest.ToJson(), mutation));
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        long n => n.ToString(CultureInfo.InvariantCulture),
        bool f => f ? "true" : "false",
        _ => "",
    };

    /// <summary>Query parameters of the scalar leaves (period.year=2024); lists repeat the parameter.</summary>
    private static IEnumerable<string> Query(Message message, string prefix)
    {
        foreach (var field in message.Fields)
        {
            var name = prefix + field.Field.JsonName;
            foreach (var value in field.Value is IReadOnlyList<object> list ? list : [field.Value])
            {
                if (value is Message nested)
                {
                    foreach (var p in Query(nested, name + "."))
                    {
                        yield return p;
                    }
                }
                else
                {
                    var json = Message.Json(field.Field, value);
                    var text = json is JsonValue v && v.TryGetValue<string>(out var s) ? s : json?.ToJsonString() ?? "";
                    yield return $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(text)}";
                }
            }
        }
    }

    public static string Spoil(JsonObject body, JsonMutation mutation)
    {
        var text = body.ToJsonString(Describe.Options);
        var inner = text.Length > 2 ? "," + text[1..] : "}";
        var first = body.FirstOrDefault();
        return mutation switch
        {
            JsonMutation.None => text,
            JsonMutation.UnknownField => "{\"fuzzUnknownField\":1" + inner,
            JsonMutation.DuplicateKey when first.Key is not null =>
                "{" + JsonSerializer.Serialize(first.Key) + ":" + (first.Value?.ToJsonString() ?? "null") + inner,
            JsonMutation.DuplicateKey => "{\"period\":{},\"period\":{}}",
            JsonMutation.Truncated => text[..(text.Length / 2)],
            JsonMutation.WrongType when first.Key is not null => "{" + JsonSerializer.Serialize(first.Key) + ":[[true]]" + inner.Replace(JsonSerializer.Serialize(first.Key) + ":", "\"x" + first.Key + "\":"),
            JsonMutation.WrongType => "{\"period\":\"2024\"}",
            JsonMutation.DeepNesting => "{\"period\":" + new string('[', 10_000) + new string(']', 10_000) + inner,
            JsonMutation.HugeNumber => "{\"period\":{\"year\":1e400}" + inner,
            JsonMutation.TrailingGarbage => text + "\0{}garbage",
            JsonMutation.NotAnObject => "[" + text + "]",
            _ => text,
        };
    }

    public async Task<Answer> SendAsync(string verb, string pathAndQuery, string? body, string? token, string description,
        string contentType = "application/json", byte[]? rawBody = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(verb), new Uri(suite.GatewayRestAddress + pathAndQuery, GrpcWire.Verbatim));
        if (rawBody is not null || body is not null)
        {
            request.Content = new ByteArrayContent(rawBody ?? Encoding.UTF8.GetBytes(body!));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            // A server may refuse a large body before reading it (a path that matches nothing, a size limit): with
            // 100-continue the refusal arrives as an answer rather than as a connection closed mid-body.
            request.Headers.ExpectContinue = request.Content.Headers.ContentLength > 1_000_000;
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var cts = new CancellationTokenSource(GrpcWire.Deadline);
        HttpResponseMessage response;
        try
        {
            response = await suite.Rest.SendAsync(request, cts.Token);
        }
        catch (HttpRequestException e)
        {
            return await suite.CheckedAsync(new Answer(description, 599, null, $"no answer: {e.Message}", null, []));
        }
        using var _ = response;
        var bytes = await response.Content.ReadAsByteArrayAsync(cts.Token);
        return await suite.CheckedAsync(new Answer(description, (int)response.StatusCode, null, response.ReasonPhrase ?? "", Violations(bytes), bytes));
    }

    /// <summary>The fields of the google.rpc.Status JSON's BadRequest details, or null when it has none.</summary>
    public static IReadOnlyList<string>? Violations(byte[] body)
    {
        try
        {
            var details = JsonNode.Parse(body)?["details"]?.AsArray();
            var fields = details?.SelectMany(d => d?["fieldViolations"]?.AsArray() ?? []).Select(v => (string?)v?["field"] ?? "").ToList();
            return fields is { Count: > 0 } ? fields : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\{(?<name>[a-z_.]+)(=[^}]*)?\}")]
    private static partial Regex Variable();
}
