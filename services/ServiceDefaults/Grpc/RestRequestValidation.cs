using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// Checks a REST request against its RPC's request message before JSON transcoding reads it, because the
/// transcoder forgives what must be refused: it ignores an unknown field ("actuall" stored a row without Actual;
/// "assignmets" wiped an assignment's actions), keeps the last of two equal keys, ignores unknown query
/// parameters, and answers a wrong type or an invalid enum name without the field (sometimes with internal type
/// names). Here every such problem is named with its field path (as the services name fields, e.g.
/// <c>figures[0].actuall</c>), its reason and, for JSON that does not parse, the line and byte; all of them
/// at once, as google.rpc.Status with a google.rpc.BadRequest, the body every other refusal has.
/// Bodies are limited to <see cref="MaxBodyBytes"/> (413 beyond), the limit docs/api.md gives.
/// </summary>
public sealed class RestRequestValidation(RequestDelegate next)
{
    /// <summary>64 MiB: the JSON body limit of the gateway, held by the services too.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    private static readonly JsonFormatter StatusFormatter = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor)));

    public async Task InvokeAsync(HttpContext context)
    {
        // A caller without a valid token is answered by authentication, not told what is wrong with the request.
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } transcoding
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var rule = transcoding.HttpRule;
        var input = transcoding.MethodDescriptor.InputType;
        var violations = new List<FieldViolation>();
        var routeFields = RouteFields(rule);

        CheckRoute(context.Request.RouteValues, input, routeFields, violations);
        CheckQuery(context.Request.Query, input, rule.Body, routeFields, violations);

        if (rule.Body.Length > 0)
        {
            var body = await ReadBodyAsync(context);
            if (body is null)
            {
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Google.Rpc.Code.ResourceExhausted,
                    [new FieldViolation("body", $"is larger than {MaxBodyBytes / 1024 / 1024} MiB, the limit of a JSON request; send large files to the raw upload routes")]);
                return;
            }
            var bodyType = rule.Body == "*" ? input : input.FindFieldByName(rule.Body)?.MessageType;
            if (bodyType is not null && body.Length > 0)
            {
                CheckBody(body, bodyType, rule.Body == "*" ? "" : rule.Body, violations);
            }
            context.Request.Body = new MemoryStream(body, writable: false);
        }

        if (violations.Count > 0)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, Google.Rpc.Code.InvalidArgument, violations);
            return;
        }
        await next(context);
    }

    /// <summary>The body, or null when it is over the limit (by its Content-Length or by what arrived).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        using var buffer = new MemoryStream(context.Request.ContentLength is { } length ? (int)length : 4096);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.Length > MaxBodyBytes ? null : buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, int httpStatus, Google.Rpc.Code code, IReadOnlyList<FieldViolation> violations)
    {
        var badRequest = new Google.Rpc.BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new Google.Rpc.BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var status = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = string.Join("; ", violations.Take(20).Select(v => $"{v.Field}: {v.Description}")),
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        };
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(StatusFormatter.Format(status), context.RequestAborted);
    }

    // ---- route and query ----

    private static HashSet<string> RouteFields(HttpRule rule)
    {
        var pattern = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
            _ => "",
        };
        var fields = new HashSet<string>(StringComparer.Ordinal);
        for (var start = pattern.IndexOf('{'); start >= 0; start = pattern.IndexOf('{', start + 1))
        {
            var end = pattern.IndexOfAny(['}', '='], start);
            if (end > start)
            {
                fields.Add(pattern[(start + 1)..end]);
            }
        }
        return fields;
    }

    /// <summary>
    /// A path segment is a field's value as much as a query parameter is: a number out of its field's range
    /// (an assignment number of -9223372036854775808) is named here, where the transcoder would say only
    /// "Value was either too large or too small for an Int32".
    /// </summary>
    private static void CheckRoute(Microsoft.AspNetCore.Routing.RouteValueDictionary values, MessageDescriptor input, HashSet<string> routeFields, List<FieldViolation> violations)
    {
        foreach (var path in routeFields)
        {
            if (values.TryGetValue(path, out var value) && value is string text && FieldAt(input, path) is { } field
                && field.FieldType != FieldType.Message && ScalarProblem(field, text) is { } problem)
            {
                violations.Add(new FieldViolation(path, problem));
            }
        }
    }

    private static FieldDescriptor? FieldAt(MessageDescriptor input, string path)
    {
        FieldDescriptor? field = null;
        MessageDescriptor? message = input;
        foreach (var part in path.Split('.'))
        {
            field = message?.FindFieldByName(part);
            if (field is null)
            {
                return null;
            }
            message = field.FieldType == FieldType.Message ? field.MessageType : null;
        }
        return field;
    }

    private static void CheckQuery(IQueryCollection query, MessageDescriptor input, string body, HashSet<string> routeFields, List<FieldViolation> violations)
    {
        foreach (var (key, values) in query)
        {
            if (body == "*")
            {
                violations.Add(new FieldViolation(key, "is not a query parameter of this route: its request is the JSON body"));
                continue;
            }
            // Fields by their path of proto or JSON names: period.year, period.point.
            var message = input;
            FieldDescriptor? field = null;
            var protoPath = new List<string>();
            foreach (var part in key.Split('.'))
            {
                field = message is null ? null : FindField(message, part);
                if (field is null)
                {
                    break;
                }
                protoPath.Add(field.Name);
                message = field.FieldType == FieldType.Message ? field.MessageType : null;
            }
            var path = string.Join('.', protoPath);
            if (field is null || field.FieldType == FieldType.Message)
            {
                violations.Add(new FieldViolation(key, $"is not a query parameter of this route; it takes {QueryNames(input, body, routeFields)}"));
                continue;
            }
            if (routeFields.Contains(path) || path == body || body.Length > 0 && path.StartsWith(body + ".", StringComparison.Ordinal))
            {
                violations.Add(new FieldViolation(key, "is set by the route's path or the body, not as a query parameter"));
                continue;
            }
            if (!field.IsRepeated && values.Count > 1)
            {
                violations.Add(new FieldViolation(path, $"is given {values.Count} times; it takes one value"));
                continue;
            }
            foreach (var value in values)
            {
                if (ScalarProblem(field, value ?? "") is { } problem)
                {
                    violations.Add(new FieldViolation(path, problem));
                }
            }
        }
    }

    private static string QueryNames(MessageDescriptor input, string body, HashSet<string> routeFields)
    {
        var names = new List<string>();
        void Collect(MessageDescriptor message, string prefix, int depth)
        {
            foreach (var f in message.Fields.InDeclarationOrder())
            {
                var path = prefix + f.Name;
                if (routeFields.Contains(path) || path == body)
                {
                    continue;
                }
                if (f.FieldType == FieldType.Message)
                {
                    if (depth < 3 && !f.IsRepeated && !f.IsMap)
                    {
                        Collect(f.MessageType, prefix + f.JsonName + ".", depth + 1);
                    }
                }
                else
                {
                    names.Add(prefix + f.JsonName);
                }
            }
        }
        Collect(input, "", 0);
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static FieldDescriptor? FindField(MessageDescriptor message, string name) =>
        message.FindFieldByName(name) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);

    /// <summary>Why a text (a query value, or a JSON string/number as written) is no value of the field, or null.</summary>
    private static string? ScalarProblem(FieldDescriptor field, string text) =>
        // .NET's number parsing ignores trailing NULs ("1\0" reads as 1): a control character is refused first.
        DomainLimits.CharacterProblem(text, multiline: false) is { } character && field.FieldType != FieldType.String ? character
        : field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : $"must be a whole number (32-bit), got '{InputLimits.Shorten(text)}'",
        FieldType.UInt32 or FieldType.Fixed32 =>
            uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"must be a whole number from 0 (32-bit), got '{InputLimits.Shorten(text)}'",
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 =>
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : $"must be a whole number (64-bit), got '{InputLimits.Shorten(text)}'",
        FieldType.UInt64 or FieldType.Fixed64 =>
            ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"must be a whole number from 0 (64-bit), got '{InputLimits.Shorten(text)}'",
        FieldType.Double or FieldType.Float =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || text is "NaN" or "Infinity" or "-Infinity" ? null : $"must be a number, got '{InputLimits.Shorten(text)}'",
        FieldType.Bool => text is "true" or "false" ? null : $"must be true or false, got '{InputLimits.Shorten(text)}'",
        FieldType.Enum => EnumProblem(field.EnumType, text),
        FieldType.Bytes => IsBase64(text) ? null : "must be base64 (the bytes of the file)",
        _ => null,
    };

    private static string? EnumProblem(EnumDescriptor type, string text) =>
        type.FindValueByName(text) is not null || int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && type.FindValueByNumber(number) is not null
            ? null
            : $"must be one of {string.Join(", ", type.Values.Where(v => v.Number != 0).Select(v => v.Name))}, got '{InputLimits.Shorten(text)}'";

    private static bool IsBase64(string text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_' or '=' or '\r' or '\n'))
            {
                return false;
            }
        }
        return true;
    }

    // ---- body ----

    private static void CheckBody(byte[] body, MessageDescriptor type, string path, List<FieldViolation> violations)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            violations.Add(new FieldViolation("body", "is not UTF-8: JSON is sent as UTF-8"));
            return;
        }
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            ReadMessage(ref reader, type, path, violations);
            // Anything after the one JSON value makes the reader throw, with its position.
            reader.Read();
        }
        catch (JsonException e)
        {
            violations.Add(new FieldViolation("body", $"is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}"));
        }
    }

    // System.Text.Json ends its messages with "LineNumber: 0 | BytePositionInLine: 5.", which the reason already says.
    private static string FirstSentence(string message) =>
        message.IndexOf(" LineNumber:", StringComparison.Ordinal) is var at and > 0 ? message[..at].TrimEnd('.', ' ') : message;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static void ReadMessage(ref Utf8JsonReader reader, MessageDescriptor type, string path, List<FieldViolation> violations)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        if (type.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal))
        {
            // Well-known types have JSON forms of their own (a Timestamp is a string, a Struct any object):
            // the transcoder reads them; here only their syntax was checked by the reader.
            reader.Skip();
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            violations.Add(new FieldViolation(path.Length == 0 ? "body" : path, $"must be a JSON object ({type.Name}), got {Describe(reader.TokenType)}"));
            reader.Skip();
            return;
        }
        var seen = new HashSet<int>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var field = FindField(type, name);
            if (field is null)
            {
                violations.Add(new FieldViolation(Join(path, name), $"is not a field of {type.Name}; its fields are {string.Join(", ", type.Fields.InDeclarationOrder().Select(f => f.JsonName))}"));
                reader.Skip();
                continue;
            }
            var fieldPath = Join(path, field.Name);
            if (!seen.Add(field.FieldNumber))
            {
                violations.Add(new FieldViolation(fieldPath, "is given twice in the same object; which one was meant is not guessed"));
                reader.Skip();
                continue;
            }
            if (field.ContainingOneof is { } oneof && !oneof.IsSynthetic && oneof.Fields.Any(f => f != field && seen.Contains(f.FieldNumber)))
            {
                violations.Add(new FieldViolation(fieldPath, $"is one of {string.Join(", ", oneof.Fields.Select(f => f.JsonName))}: give only one"));
            }
            ReadField(ref reader, field, fieldPath, violations);
        }
    }

    private static void ReadField(ref Utf8JsonReader reader, FieldDescriptor field, string path, List<FieldViolation> violations)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        if (field.IsMap)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                violations.Add(new FieldViolation(path, $"must be a JSON object (a map), got {Describe(reader.TokenType)}"));
                reader.Skip();
                return;
            }
            var valueField = field.MessageType.FindFieldByNumber(2);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                if (!keys.Add(key))
                {
                    violations.Add(new FieldViolation($"{path}[{key}]", "is given twice in the same map"));
                }
                ReadValue(ref reader, valueField, $"{path}[{key}]", violations);
            }
            return;
        }
        if (field.IsRepeated)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                violations.Add(new FieldViolation(path, $"must be a JSON array, got {Describe(reader.TokenType)}"));
                reader.Skip();
                return;
            }
            var i = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ReadValue(ref reader, field, $"{path}[{i++}]", violations);
            }
            return;
        }
        ReadValue(ref reader, field, path, violations);
    }

    private static void ReadValue(ref Utf8JsonReader reader, FieldDescriptor field, string path, List<FieldViolation> violations)
    {
        if (field.FieldType is FieldType.Message or FieldType.Group)
        {
            ReadMessage(ref reader, field.MessageType, path, violations);
            return;
        }
        string? problem;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                problem = field.FieldType switch
                {
                    FieldType.String => null,
                    FieldType.Bool => $"must be true or false, got the string \"{InputLimits.Shorten(text)}\"",
                    _ => ScalarProblem(field, text),
                };
                break;
            case JsonTokenType.Number:
                var number = reader.HasValueSequence ? Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence)) : Encoding.UTF8.GetString(reader.ValueSpan);
                problem = field.FieldType switch
                {
                    FieldType.String => $"must be a string, got the number {InputLimits.Shorten(number)}",
                    FieldType.Bytes => "must be a base64 string, got a number",
                    FieldType.Bool => $"must be true or false, got {InputLimits.Shorten(number)}",
                    FieldType.Enum => EnumProblem(field.EnumType, number),
                    _ => ScalarProblem(field, number),
                };
                break;
            case JsonTokenType.True or JsonTokenType.False:
                problem = field.FieldType == FieldType.Bool ? null : $"must be {Expected(field)}, got {Describe(reader.TokenType)}";
                break;
            default:
                problem = $"must be {Expected(field)}, got {Describe(reader.TokenType)}";
                reader.Skip();
                break;
        }
        if (problem is not null)
        {
            violations.Add(new FieldViolation(path, problem));
        }
    }

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "a string",
        FieldType.Bytes => "a base64 string",
        FieldType.Bool => "true or false",
        FieldType.Enum => $"one of {string.Join(", ", field.EnumType.Values.Where(v => v.Number != 0).Select(v => v.Name))}",
        FieldType.Double or FieldType.Float => "a number",
        _ => "a whole number",
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
