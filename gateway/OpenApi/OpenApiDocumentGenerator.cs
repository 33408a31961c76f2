using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// Builds one OpenAPI 3.0 document for every RPC of the suite from the compiled protobuf descriptors and their
/// google.api.http rules, describing what ASP.NET Core's JSON transcoding actually accepts and writes: JSON
/// names in lowerCamelCase, enums as their names, 64-bit integers as strings, google.api.HttpBody as raw
/// content. Nothing here knows an RPC by name, so a new RPC appears as soon as the gateway is rebuilt. Routes a
/// service serves outside transcoding (a file as the raw body) come in as data (<see cref="RawRoute"/>) and are
/// described with the access and response schema of the RPC they share.
/// </summary>
public sealed class OpenApiDocumentGenerator
{
    private const string SchemaPrefix = "#/components/schemas/";
    private const string StatusSchema = "google.rpc.Status";
    private const string HttpBodyType = "google.api.HttpBody";
    // A query string cannot carry a message nested without end; a recursive message stops here.
    private const int MaxQueryDepth = 4;

    private readonly JsonObject _schemas = new();
    private readonly HashSet<string> _operationIds = new(StringComparer.Ordinal);
    private readonly ProtoComments _comments;

    private OpenApiDocumentGenerator(ProtoComments comments) => _comments = comments;

    public static JsonObject Generate(IEnumerable<ApiMethod> methods, string version, ProtoComments? comments = null,
        IEnumerable<RawRoute>? rawRoutes = null) =>
        new OpenApiDocumentGenerator(comments ?? ProtoComments.Empty).Build(methods, version, rawRoutes ?? []);

    private JsonObject Build(IEnumerable<ApiMethod> methods, string version, IEnumerable<RawRoute> rawRoutes)
    {
        var ordered = methods.OrderBy(m => m.Descriptor.Service.FullName, StringComparer.Ordinal)
            .ThenBy(m => m.Descriptor.Service.Methods.ToList().IndexOf(m.Descriptor))
            .ToList();

        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var method in ordered)
        {
            foreach (var (verb, template, rule) in Bindings(method.Descriptor))
            {
                var (path, pathFields) = ParseTemplate(template);
                var item = paths.TryGetValue(path, out var existing) ? existing : paths[path] = new JsonObject();
                // Two rules on one route and verb cannot both be served; the proxy reaches whichever the
                // service registered first, so the document describes only the first too.
                if (!item.ContainsKey(verb))
                {
                    item[verb] = Operation(method, verb, rule, pathFields);
                }
            }
        }
        foreach (var route in rawRoutes)
        {
            var method = ordered.FirstOrDefault(m => m.FullName == route.SharesRpc)
                ?? throw new InvalidOperationException($"raw route {route.Template}: no RPC {route.SharesRpc} in the contracts");
            var (path, pathFields) = ParseTemplate(route.Template);
            var item = paths.TryGetValue(path, out var existing) ? existing : paths[path] = new JsonObject();
            // The proxy would send the verb to one of them only; two descriptions of one route are a mistake to fix.
            if (item.ContainsKey(route.Verb))
            {
                throw new InvalidOperationException($"raw route {route.Verb.ToUpperInvariant()} {path} is also an RPC's route");
            }
            item[route.Verb] = RawOperation(route, method, pathFields);
        }

        var tags = new JsonArray(ordered.Select(m => m.Descriptor.Service).DistinctBy(s => s.FullName)
            .Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["description"] = (_comments.For(s.FullName) is { } about ? about + "\n\n" : "") + $"{s.FullName}: gRPC methods /{s.FullName}/* on the gateway's gRPC port, " +
                    $"the same calls as REST/JSON under {RestPrefix(s)} on its HTTP port.",
            }).ToArray());

        AddStatusSchemas();
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Nämnd follow-up API",
                ["version"] = version,
                ["description"] = "The committees' follow-up (economy, planning, key figures) as one API. Every operation is "
                    + "also a gRPC method (x-grpc-method) on the gateway's gRPC port with the same messages. Amounts are "
                    + "exact decimals in kronor as strings ({\"value\": \"-247200000.50\"}); 64-bit integers are strings; "
                    + "enums are their names. Every call needs a bearer JWT; x-access says which roles may call it. The raw "
                    + "uploads (x-raw-body) take a file as the request body itself; their gRPC method takes it as a client stream of chunks.",
                ["contact"] = new JsonObject { ["name"] = "Nämnd follow-up suite (docs/api.md)" },
            },
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = "/",
                ["description"] = "The gateway's REST port (the document is served from there).",
            }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["tags"] = tags,
            ["paths"] = new JsonObject(paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "A token of the municipality's identity provider, or locally one minted by "
                            + "scripts/mint-token.sh; claims: municipality, committee (for committee roles), role.",
                    },
                },
                ["responses"] = ErrorResponses(),
                ["schemas"] = new JsonObject(_schemas.OrderBy(s => s.Key, StringComparer.Ordinal)
                    .Select(s => KeyValuePair.Create(s.Key, s.Value?.DeepClone()))),
            },
        };
    }

    private static string RestPrefix(Google.Protobuf.Reflection.ServiceDescriptor service) =>
        service.Methods.SelectMany(Bindings).Select(b => b.Template).FirstOrDefault() is { } template
            ? string.Join('/', template.Split('/').Take(4)) + "/"
            : "(no REST routes)";

    /// <summary>Every (verb, route) of a method: its rule and the rule's additional bindings.</summary>
    private static IEnumerable<(string Verb, string Template, HttpRule Rule)> Bindings(MethodDescriptor method)
    {
        // Client and bidirectional streams have no JSON transcoding; they are gRPC only.
        if (method.IsClientStreaming || method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } http)
        {
            yield break;
        }
        foreach (var rule in new[] { http }.Concat(http.AdditionalBindings))
        {
            var (verb, template) = rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("get", rule.Get),
                HttpRule.PatternOneofCase.Post => ("post", rule.Post),
                HttpRule.PatternOneofCase.Put => ("put", rule.Put),
                HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
                HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
                HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind.ToLowerInvariant(), rule.Custom.Path),
                _ => ("", ""),
            };
            if (verb is "get" or "post" or "put" or "delete" or "patch" or "head" or "options" or "trace" && template.Length > 0)
            {
                yield return (verb, template, rule);
            }
        }
    }

    /// <summary>
    /// "/a/{name=things/*}/b:verb" → "/a/{name}/b:verb" and the field paths bound by it ("name"; nested
    /// fields as "period.year").
    /// </summary>
    private static (string Path, List<string> Fields) ParseTemplate(string template)
    {
        var fields = new List<string>();
        var path = new System.Text.StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                path.Append(template[i]);
                continue;
            }
            var end = template.IndexOf('}', i);
            var variable = template[(i + 1)..end];
            var field = variable.Split('=')[0].Trim();
            fields.Add(field);
            path.Append('{').Append(field).Append('}');
            i = end;
        }
        return (path.ToString(), fields);
    }

    private JsonObject Operation(ApiMethod method, string verb, HttpRule rule, List<string> pathFields)
    {
        var descriptor = method.Descriptor;
        var input = descriptor.InputType;
        var operationId = UniqueOperationId($"{descriptor.Service.Name}_{descriptor.Name}");

        var parameters = PathParameters(input, pathFields, describe: true);

        // body "*": every field not in the path is in the body; body "x": field x is; the rest are query parameters.
        var body = rule.Body;
        if (body != "*")
        {
            var bound = new HashSet<string>(pathFields, StringComparer.Ordinal);
            foreach (var field in input.Fields.InFieldNumberOrder())
            {
                if (field.Name == body)
                {
                    continue;
                }
                AddQueryParameters(parameters, field, prefixJson: "", prefixProto: "", bound, depth: 0, seen: [input.FullName]);
            }
        }

        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(descriptor.Service.Name),
            ["summary"] = Words(descriptor.Name),
            ["description"] = (_comments.For($"{descriptor.Service.FullName}/{descriptor.Name}") is { } about ? about + "\n\n" : "") + Description(method),
            ["operationId"] = operationId,
        };
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }
        if (body.Length > 0 && verb != "get")
        {
            var rawBody = IsHttpBody(input, body);
            var bodySchema = rawBody ? null : body == "*" ? RequestBodySchema(input, pathFields) : FindField(input, body) is { } field ? FieldSchema(field) : null;
            if (rawBody || bodySchema is not null)
            {
                operation["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = Content(bodySchema, rawBody),
                };
            }
        }

        var output = descriptor.OutputType;
        var responseField = rule.ResponseBody.Length > 0 ? FindField(output, rule.ResponseBody) : null;
        var raw = responseField is null ? output.FullName == HttpBodyType : responseField.FieldType == FieldType.Message && responseField.MessageType.FullName == HttpBodyType;
        var responseSchema = raw ? null : responseField is not null ? FieldSchema(responseField) : Reference(output);
        operation["responses"] = Responses(new JsonObject
        {
            ["description"] = descriptor.IsServerStreaming
                ? (raw ? "A stream of content, written as it is produced." : "A stream of messages: one JSON object per line, written as they are produced.")
                : "OK",
            ["content"] = Content(responseSchema, raw),
        });
        operation["x-grpc-method"] = $"/{descriptor.Service.FullName}/{descriptor.Name}";
        operation["x-access"] = AccessName(method.Access);
        return operation;
    }

    /// <summary>
    /// A raw route: its path as any route's, the file as the body in each accepted content type, and the access
    /// and response message of the RPC it shares. The RPC's request is not the body, so it gives no query
    /// parameters; the path's variables are its request fields.
    /// </summary>
    private JsonObject RawOperation(RawRoute route, ApiMethod method, List<string> pathFields)
    {
        var descriptor = method.Descriptor;
        var rpc = $"/{descriptor.Service.FullName}/{descriptor.Name}";
        var limit = route.MaxBodySize is { } max ? $", up to {Size(max)}, the gateway's body limit on this route" : "";
        var content = new JsonObject();
        foreach (var type in route.ContentTypes)
        {
            content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } };
        }
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(descriptor.Service.Name),
            ["summary"] = route.Summary,
            ["description"] = $"{route.About}\n\n"
                + $"The file is the request body itself (not JSON, not base64), read as it streams and never held whole{limit}. "
                + $"Content-Type: {string.Join(", ", route.ContentTypes)}; any other is refused with 415. Same rules and same answer "
                + $"as the gRPC {(descriptor.IsClientStreaming ? "client stream" : "method")} {rpc}{(descriptor.IsClientStreaming ? ", which takes the file in chunks" : "")}. Access {AccessName(method.Access)} (as {rpc} declares): {Who(method.Access)}.",
            ["operationId"] = UniqueOperationId($"{descriptor.Service.Name}_{route.Name}"),
        };
        var parameters = PathParameters(descriptor.InputType, pathFields, describe: false);
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }
        operation["requestBody"] = new JsonObject
        {
            ["required"] = true,
            ["description"] = "The file itself, byte for byte.",
            ["content"] = content,
        };
        var tooLarge = route.MaxBodySize is { } size
            ? $"The body is larger than {Size(size)}: the gateway stops reading it and nothing is stored."
            : "The body is larger than the gateway accepts on this route: nothing is stored.";
        operation["responses"] = Responses(
            new JsonObject
            {
                ["description"] = $"Done and stored: the answer of {rpc}, as JSON transcoding writes a {descriptor.OutputType.FullName}.",
                ["content"] = Content(Reference(descriptor.OutputType), raw: false),
            },
            ("413", new JsonObject { ["description"] = tooLarge }),
            ("415", StatusResponse($"The Content-Type is not one of {string.Join(", ", route.ContentTypes)} (INVALID_ARGUMENT, "
                + "naming the accepted types). Nothing was read.")));
        operation["x-grpc-method"] = rpc;
        operation["x-access"] = AccessName(method.Access);
        operation["x-raw-body"] = true;
        return operation;
    }

    /// <summary>The path's variables, each the request field it binds (nested fields as "period.year").</summary>
    private JsonArray PathParameters(MessageDescriptor input, List<string> pathFields, bool describe)
    {
        var parameters = new JsonArray();
        foreach (var fieldPath in pathFields)
        {
            var field = FindField(input, fieldPath);
            parameters.Add(new JsonObject
            {
                ["name"] = fieldPath,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = field is null ? new JsonObject { ["type"] = "string" } : ScalarSchema(field),
            });
            if (describe && field is not null && _comments.For(FieldKey(field)) is { } fieldAbout)
            {
                parameters[^1]!["description"] = fieldAbout;
            }
        }
        return parameters;
    }

    /// <summary>The 200 given, the shared error responses, and any a route adds (in status order).</summary>
    private static JsonObject Responses(JsonObject ok, params (string Status, JsonObject Response)[] more)
    {
        var responses = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            ["200"] = ok,
            ["400"] = new JsonObject { ["$ref"] = "#/components/responses/BadRequest" },
            ["401"] = new JsonObject { ["$ref"] = "#/components/responses/Unauthorized" },
            ["403"] = new JsonObject { ["$ref"] = "#/components/responses/Forbidden" },
            ["404"] = new JsonObject { ["$ref"] = "#/components/responses/NotFound" },
            ["429"] = new JsonObject { ["$ref"] = "#/components/responses/TooManyRequests" },
        };
        foreach (var (status, response) in more)
        {
            responses[status] = response;
        }
        var result = new JsonObject(responses.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value)));
        result["default"] = new JsonObject { ["$ref"] = "#/components/responses/Error" };
        return result;
    }

    /// <summary>1073741824 → "1 GiB (1073741824 bytes)".</summary>
    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB ({bytes} bytes)",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB ({bytes} bytes)",
        _ => $"{bytes} bytes",
    };

    private string UniqueOperationId(string wanted)
    {
        var id = wanted;
        for (var n = 2; !_operationIds.Add(id); n++)
        {
            id = $"{wanted}_{n}";
        }
        return id;
    }

    private static string Description(ApiMethod method)
    {
        var streaming = method.Descriptor.IsServerStreaming ? " Server streaming." : "";
        return $"gRPC: /{method.Descriptor.Service.FullName}/{method.Descriptor.Name}. Access {AccessName(method.Access)}: {Who(method.Access)}.{streaming}";
    }

    private static string Who(Access access) => access switch
    {
        Access.CommitteeRead => "reads one committee's data: that committee's writers and readers, the municipal office and BI readers of its municipality",
        Access.CommitteeWrite => "changes one committee's data: only that committee's writers",
        Access.MunicipalityRead => "reads the whole municipality's data: the municipal office and BI readers of the municipality",
        Access.MunicipalitySharedRead => "reads what the municipality shares with its committees: any role of the municipality",
        Access.MunicipalOffice => "an act of kommunledningskontoret: only the municipal office of the municipality",
        _ => "declares no access, so every caller is refused",
    };

    private static string AccessName(Access access) =>
        CommonReflection.Descriptor.FindTypeByName<EnumDescriptor>("Access")?.FindValueByNumber((int)access)?.Name ?? access.ToString();

    /// <summary>"RecordActivityFigures" → "Record activity figures".</summary>
    private static string Words(string pascal)
    {
        var words = System.Text.RegularExpressions.Regex.Split(pascal, "(?<=[a-z0-9])(?=[A-Z])");
        return string.Join(' ', words.Select((w, i) => i == 0 ? w : w.ToLowerInvariant()));
    }

    private static bool IsHttpBody(MessageDescriptor input, string body) =>
        body == "*" ? input.FullName == HttpBodyType
            : FindField(input, body) is { FieldType: FieldType.Message } f && f.MessageType.FullName == HttpBodyType;

    private static JsonObject Content(JsonNode? schema, bool raw) => raw
        ? new JsonObject
        {
            // google.api.HttpBody: the body is the content itself, in the content type the message names
            // (printable HTML documents, CSV exports, …).
            ["*/*"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } },
        }
        : new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema! } };

    /// <summary>body "*": the request message without the fields the route already binds.</summary>
    private JsonNode RequestBodySchema(MessageDescriptor input, List<string> pathFields)
    {
        var topLevel = pathFields.Select(p => p.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        if (topLevel.Count == 0 || input.FullName == HttpBodyType)
        {
            return Reference(input);
        }
        // Transcoding ignores path-bound fields in the body (the route wins); the body schema lists the rest.
        var properties = new JsonObject();
        foreach (var field in input.Fields.InFieldNumberOrder().Where(f => !topLevel.Contains(f.Name)))
        {
            properties[field.JsonName] = DescribedFieldSchema(field);
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"{input.FullName} without the fields bound by the route.",
            ["properties"] = properties,
        };
    }

    private void AddQueryParameters(JsonArray parameters, FieldDescriptor field, string prefixJson, string prefixProto,
        HashSet<string> bound, int depth, HashSet<string> seen)
    {
        var protoPath = prefixProto + field.Name;
        if (bound.Contains(protoPath) || field.IsMap)
        {
            return;
        }
        var jsonPath = prefixJson + field.JsonName;
        if (field.FieldType == FieldType.Message && WellKnownSchema(field.MessageType) is null)
        {
            // A repeated message cannot be written as query parameters; nested single messages can, field by field.
            if (field.IsRepeated || depth >= MaxQueryDepth || !seen.Add(field.MessageType.FullName))
            {
                return;
            }
            foreach (var nested in field.MessageType.Fields.InFieldNumberOrder())
            {
                AddQueryParameters(parameters, nested, jsonPath + ".", protoPath + ".", bound, depth + 1, seen);
            }
            seen.Remove(field.MessageType.FullName);
            return;
        }
        var schema = ScalarSchema(field);
        var parameter = new JsonObject
        {
            ["name"] = jsonPath,
            ["in"] = "query",
            ["required"] = false,
        };
        if (field.IsRepeated)
        {
            parameter["schema"] = new JsonObject { ["type"] = "array", ["items"] = schema };
            parameter["style"] = "form";
            parameter["explode"] = true;
        }
        else
        {
            parameter["schema"] = schema;
        }
        if (_comments.For(FieldKey(field)) is { } about)
        {
            parameter["description"] = about;
        }
        parameters.Add(parameter);
    }

    private static FieldDescriptor? FindField(MessageDescriptor message, string path)
    {
        FieldDescriptor? field = null;
        foreach (var part in path.Split('.'))
        {
            if (field is not null)
            {
                if (field.FieldType != FieldType.Message)
                {
                    return null;
                }
                message = field.MessageType;
            }
            field = message.FindFieldByName(part) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == part);
            if (field is null)
            {
                return null;
            }
        }
        return field;
    }

    /// <summary>A field's schema as proto3's JSON mapping writes it.</summary>
    private JsonNode FieldSchema(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            var value = field.MessageType.FindFieldByNumber(2);
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = FieldSchema(value) };
        }
        var single = field.FieldType switch
        {
            FieldType.Message or FieldType.Group => Reference(field.MessageType),
            _ => ScalarSchema(field),
        };
        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = single } : single;
    }

    private JsonNode ScalarSchema(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
        FieldType.Float => new JsonObject { ["type"] = "number", ["format"] = "float" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0, ["maximum"] = uint.MaxValue },
        // proto3 JSON writes 64-bit integers as strings: a JavaScript number would lose digits.
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64", ["pattern"] = "^-?[0-9]+$" },
        FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "uint64", ["pattern"] = "^[0-9]+$" },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte", ["description"] = "base64" },
        FieldType.Enum => Reference(field.EnumType),
        FieldType.Message or FieldType.Group => WellKnownSchema(field.MessageType) ?? Reference(field.MessageType),
        _ => new JsonObject { ["type"] = "string" },
    };

    private JsonObject Reference(MessageDescriptor message)
    {
        if (!_schemas.ContainsKey(message.FullName))
        {
            // Reserve the name first: a message that contains itself refers to its own schema.
            _schemas[message.FullName] = new JsonObject();
            _schemas[message.FullName] = WellKnownSchema(message) ?? MessageSchema(message);
        }
        return new JsonObject { ["$ref"] = SchemaPrefix + message.FullName };
    }

    private JsonObject Reference(EnumDescriptor enumeration)
    {
        if (!_schemas.ContainsKey(enumeration.FullName))
        {
            _schemas[enumeration.FullName] = enumeration.FullName == "google.protobuf.NullValue"
                ? new JsonObject { ["type"] = "string", ["nullable"] = true, ["enum"] = new JsonArray((JsonNode?)null) }
                : new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = EnumDescription(enumeration),
                    ["enum"] = new JsonArray(enumeration.Values.Select(v => (JsonNode)JsonValue.Create(v.Name)!).ToArray()),
                };
        }
        return new JsonObject { ["$ref"] = SchemaPrefix + enumeration.FullName };
    }

    private string EnumDescription(EnumDescriptor enumeration)
    {
        var text = (_comments.For(enumeration.FullName) is { } about ? about + " " : "") + $"({enumeration.FullName}, written as the value's name.)";
        var values = enumeration.Values.Select(v => (v.Name, About: _comments.For($"{enumeration.FullName}.{v.Name}"))).Where(v => v.About is not null).ToList();
        return values.Count == 0 ? text : text + "\n\n" + string.Join("\n", values.Select(v => $"- {v.Name}: {v.About}"));
    }

    private static string FieldKey(FieldDescriptor field) => $"{field.ContainingType.FullName}.{field.Name}";

    /// <summary>A property with its comment; a bare $ref may carry no siblings in OpenAPI 3.0, so it stays bare.</summary>
    private JsonNode DescribedFieldSchema(FieldDescriptor field)
    {
        var schema = FieldSchema(field);
        if (schema is JsonObject o && !o.ContainsKey("$ref") && !o.ContainsKey("description") && _comments.For(FieldKey(field)) is { } about)
        {
            o["description"] = about;
        }
        return schema;
    }

    private JsonObject MessageSchema(MessageDescriptor message)
    {
        var properties = new JsonObject();
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            properties[field.JsonName] = DescribedFieldSchema(field);
        }
        var schema = new JsonObject { ["type"] = "object", ["description"] = Describe(message) };
        if (properties.Count > 0)
        {
            schema["properties"] = properties;
        }
        return schema;
    }

    private string Describe(MessageDescriptor message)
    {
        var about = _comments.For(message.FullName);
        var text = about is not null ? $"{about} ({message.FullName})" : message.FullName;
        if (about is null && message.FullName == "namnd.common.v1.Decimal")
        {
            text += ": an exact decimal (kronor) as an invariant-culture string, never a floating-point number";
        }
        var oneofs = message.Oneofs.Where(o => !o.IsSynthetic).ToList();
        if (oneofs.Count > 0)
        {
            text += ". At most one of each group is set: " + string.Join("; ", oneofs.Select(o => string.Join(", ", o.Fields.Select(f => f.JsonName))));
        }
        return text + ".";
    }

    /// <summary>The well-known types have JSON forms of their own (proto3 JSON mapping).</summary>
    private static JsonObject? WellKnownSchema(MessageDescriptor message) => message.FullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "RFC 3339, UTC." },
        "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["description"] = "Seconds with an 's' suffix, e.g. \"1.5s\"." },
        "google.protobuf.FieldMask" => new JsonObject { ["type"] = "string", ["description"] = "Comma-separated field paths." },
        "google.protobuf.Empty" => new JsonObject { ["type"] = "object" },
        "google.protobuf.Struct" => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
        "google.protobuf.Value" => new JsonObject { ["description"] = "Any JSON value." },
        "google.protobuf.ListValue" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject() },
        "google.protobuf.Any" => new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } },
            ["additionalProperties"] = true,
        },
        "google.protobuf.DoubleValue" or "google.protobuf.FloatValue" => Nullable("number"),
        "google.protobuf.Int32Value" or "google.protobuf.UInt32Value" => Nullable("integer"),
        "google.protobuf.Int64Value" or "google.protobuf.UInt64Value" => Nullable("string", "int64"),
        "google.protobuf.BoolValue" => Nullable("boolean"),
        "google.protobuf.StringValue" => Nullable("string"),
        "google.protobuf.BytesValue" => Nullable("string", "byte"),
        _ => null,
    };

    private static JsonObject Nullable(string type, string? format = null)
    {
        var schema = new JsonObject { ["type"] = type, ["nullable"] = true };
        if (format is not null)
        {
            schema["format"] = format;
        }
        return schema;
    }

    /// <summary>google.rpc.Status as JSON transcoding writes an error: code, message and typed details.</summary>
    private void AddStatusSchemas()
    {
        _schemas[StatusSchema] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "google.rpc.Status: the gRPC status of a failed call. An INVALID_ARGUMENT carries a "
                + "google.rpc.BadRequest in details listing every field and reason.",
            ["properties"] = new JsonObject
            {
                ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["description"] = "The gRPC status code (3 = INVALID_ARGUMENT, 9 = FAILED_PRECONDITION, …)." },
                ["message"] = new JsonObject { ["type"] = "string" },
                ["details"] = new JsonObject
                {
                    ["type"] = "array",
                    // What a detail is, is named by its "@type"; the one clients act on is the BadRequest.
                    ["items"] = new JsonObject
                    {
                        ["anyOf"] = new JsonArray(
                            new JsonObject { ["$ref"] = SchemaPrefix + "google.rpc.BadRequest" },
                            new JsonObject { ["$ref"] = SchemaPrefix + "google.protobuf.Any" }),
                    },
                },
            },
        };
        _schemas["google.protobuf.Any"] = WellKnownSchema(Google.Protobuf.WellKnownTypes.Any.Descriptor);
        _schemas["google.rpc.BadRequest"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "google.rpc.BadRequest, in details with \"@type\": \"type.googleapis.com/google.rpc.BadRequest\".",
            ["properties"] = new JsonObject
            {
                ["@type"] = new JsonObject { ["type"] = "string" },
                ["fieldViolations"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["field"] = new JsonObject { ["type"] = "string" },
                            ["description"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        };
    }

    /// <summary>A response whose body is a google.rpc.Status.</summary>
    private static JsonObject StatusResponse(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject
        {
            ["application/json"] = new JsonObject
            {
                ["schema"] = new JsonObject { ["$ref"] = SchemaPrefix + StatusSchema },
            },
        },
    };

    private static JsonObject ErrorResponses()
    {
        return new JsonObject
        {
            ["BadRequest"] = StatusResponse("Refused input (INVALID_ARGUMENT, with a google.rpc.BadRequest naming every field), "
                + "or a state that forbids the change (FAILED_PRECONDITION, e.g. an adopted report). Nothing was stored."),
            ["Unauthorized"] = new JsonObject
            {
                ["description"] = "No bearer token, or one that is expired or not signed by the trusted issuer.",
                ["headers"] = new JsonObject
                {
                    ["WWW-Authenticate"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
                },
            },
            ["Forbidden"] = StatusResponse("The token's roles, municipality or committee do not allow this call (PERMISSION_DENIED)."),
            ["NotFound"] = StatusResponse("No such route, or the thing asked for does not exist (NOT_FOUND)."),
            ["TooManyRequests"] = new JsonObject
            {
                ["description"] = "The caller's rate limit is used up; retry after the given number of seconds.",
                ["headers"] = new JsonObject
                {
                    ["Retry-After"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "integer" } },
                },
            },
            ["Error"] = StatusResponse("Any other gRPC status, mapped to its HTTP status (e.g. 503 UNAVAILABLE when a service is down)."),
        };
    }
}
