using System.Reflection;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// The document as a whole: each service's tag with its proto comment, the error responses every operation
/// refers to, and the routes outside JSON transcoding (<see cref="RawRoutes"/>) with the access and answer of
/// the RPC each shares.
/// </summary>
public sealed partial class SuiteDocumentFilter(ProtoDocs docs, IReadOnlyList<RawRoute> rawRoutes) : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var status = context.SchemaGenerator.GenerateSchema(typeof(Google.Rpc.Status), context.SchemaRepository);
        document.Components.Responses = new Dictionary<string, OpenApiResponse>
        {
            ["BadRequest"] = StatusResponse(status, "Refused input (INVALID_ARGUMENT, with a google.rpc.BadRequest naming every field), "
                + "or a state that forbids the change (FAILED_PRECONDITION, e.g. an adopted report). Nothing was stored."),
            ["Unauthorized"] = new()
            {
                Description = "No bearer token, or one that is expired or not signed by the trusted issuer.",
                Headers = new Dictionary<string, OpenApiHeader> { ["WWW-Authenticate"] = new() { Schema = new OpenApiSchema { Type = "string" } } },
            },
            ["Forbidden"] = StatusResponse(status, "The token's roles, municipality or committee do not allow this call (PERMISSION_DENIED)."),
            ["NotFound"] = StatusResponse(status, "The thing asked for does not exist (NOT_FOUND)."),
            ["TooManyRequests"] = new()
            {
                Description = "The caller's rate limit is used up; retry after the given number of seconds.",
                Headers = new Dictionary<string, OpenApiHeader> { ["Retry-After"] = new() { Schema = new OpenApiSchema { Type = "integer" } } },
            },
            ["Error"] = StatusResponse(status, "Any other gRPC status, mapped to its HTTP status (e.g. 503 UNAVAILABLE when a service is down)."),
        };

        var services = typeof(Access).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.GetCustomAttribute<BindServiceMethodAttribute>() is not null)
            .Select(t => t.DeclaringType!)
            .ToList();
        document.Tags = services.Select(s =>
        {
            var descriptor = (Google.Protobuf.Reflection.ServiceDescriptor)s.GetProperty("Descriptor")!.GetValue(null)!;
            var about = docs.Summary($"T:{s.FullName}") is { } comment ? comment + "\n\n" : "";
            return new OpenApiTag
            {
                Name = s.Name,
                Description = about + $"{descriptor.FullName}: gRPC methods /{descriptor.FullName}/* on the gateway's gRPC port, "
                    + "the same calls as REST/JSON on its HTTP port.",
            };
        }).ToList();

        foreach (var route in rawRoutes)
        {
            var path = document.Paths.TryGetValue(route.Template, out var item) ? item : document.Paths[route.Template] = new OpenApiPathItem();
            var verb = Enum.Parse<OperationType>(route.Verb, ignoreCase: true);
            // The proxy would send the verb to one of them only; two descriptions of one route are a mistake to fix.
            if (path.Operations.ContainsKey(verb))
            {
                throw new InvalidOperationException($"raw route {route.Verb.ToUpperInvariant()} {route.Template} is also an RPC's route");
            }
            path.Operations[verb] = RawOperation(route, context);
        }
    }

    private OpenApiOperation RawOperation(RawRoute route, DocumentFilterContext context)
    {
        var method = AccessRegistry.Find(route.SharesRpc) ?? throw new InvalidOperationException($"raw route {route.Template}: no RPC {route.SharesRpc}");
        var descriptor = method.Descriptor;
        var access = GrpcOperationFilter.AccessName(method.Access);
        var operation = new OpenApiOperation
        {
            Tags = [new OpenApiTag { Name = descriptor.Service.Name }],
            Summary = route.Summary,
            OperationId = $"{descriptor.Service.Name}_{route.Name}",
            Parameters = TemplateVariable().Matches(route.Template).Select(m => m.Groups[1].Value).Select(name => new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = name == "service"
                    ? new OpenApiSchema { Type = "string", Enum = [new OpenApiString("economy"), new OpenApiString("planning"), new OpenApiString("keyfigures")] }
                    : new OpenApiSchema { Type = "string" },
            }).ToList(),
            Extensions =
            {
                ["x-grpc-method"] = new OpenApiString(method.FullName),
                ["x-access"] = new OpenApiString(access),
            },
        };
        // x-raw-body: the request body is the file; x-raw-response: the answer is the rows, not a JSON message.
        operation.Extensions[route.ResponseType is null ? "x-raw-body" : "x-raw-response"] = new OpenApiBoolean(true);
        GrpcOperationFilter.AddErrorResponses(operation);
        var binary = new OpenApiSchema { Type = "string", Format = "binary" };
        if (route.ResponseType is { } download)
        {
            operation.Description = $"{route.About}\n\nNot JSON transcoding: the rows are written as they are read. Access {access} "
                + $"(as {method.FullName} declares): {GrpcOperationFilter.Who(method.Access)}.";
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "changeToken", In = ParameterLocation.Query,
                Description = "The Change-Token header of an earlier pull; absent for every row.", Schema = new OpenApiSchema { Type = "string" },
            });
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "The rows, streamed.",
                Headers = new Dictionary<string, OpenApiHeader> { ["Change-Token"] = new() { Description = "The token of the next incremental pull.", Schema = new OpenApiSchema { Type = "string" } } },
                Content = new Dictionary<string, OpenApiMediaType> { [download] = new() { Schema = binary } },
            };
            return operation;
        }

        var limit = route.MaxBodySize is { } max ? $", up to {Size(max)}, the gateway's body limit on this route" : "";
        var stream = descriptor.IsClientStreaming ? "client stream" : "method";
        operation.Description = $"{route.About}\n\n"
            + $"The file is the request body itself (not JSON, not base64), read as it streams and never held whole{limit}. "
            + $"Content-Type: {string.Join(", ", route.RequestTypes)}; any other is refused with 415. Same rules and same answer "
            + $"as the gRPC {stream} {method.FullName}{(descriptor.IsClientStreaming ? ", which takes the file in chunks" : "")}. "
            + $"Access {access} (as {method.FullName} declares): {GrpcOperationFilter.Who(method.Access)}.";
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The file itself, byte for byte.",
            Content = route.RequestTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = binary }),
        };
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = $"Done and stored: the answer of {method.FullName}, as JSON transcoding writes a {descriptor.OutputType.FullName}.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(descriptor.OutputType.ClrType, context.SchemaRepository) },
            },
        };
        operation.Responses["413"] = new OpenApiResponse
        {
            Description = route.MaxBodySize is { } size
                ? $"The body is larger than {Size(size)}: the gateway stops reading it and nothing is stored."
                : "The body is larger than the gateway accepts on this route: nothing is stored.",
        };
        operation.Responses["415"] = StatusResponse(context.SchemaGenerator.GenerateSchema(typeof(Google.Rpc.Status), context.SchemaRepository),
            $"The Content-Type is not one of {string.Join(", ", route.RequestTypes)} (INVALID_ARGUMENT, naming the accepted types). Nothing was read.");
        return operation;
    }

    private static OpenApiResponse StatusResponse(OpenApiSchema status, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = status } },
    };

    private static string Size(long bytes) => bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB" : bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateVariable();
}
