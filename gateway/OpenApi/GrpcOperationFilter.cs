using System.Text.RegularExpressions;
using Grpc.AspNetCore.Server;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// What an operation says beyond Grpc.Swagger's description of its route: its gRPC method (x-grpc-method),
/// its declared access (x-access, from option (namnd.common.v1.access), the declaration the services enforce),
/// an operationId, the errors every call may answer, and google.api.HttpBody as raw content.
/// </summary>
public sealed partial class GrpcOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var grpc = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<GrpcMethodMetadata>().FirstOrDefault();
        if (grpc is null || AccessRegistry.Find(grpc.Method.FullName) is not { } method)
        {
            return;
        }
        var descriptor = method.Descriptor;
        operation.OperationId = $"{descriptor.Service.Name}_{descriptor.Name}";
        // The proto comment is the description (Grpc.Swagger put it in the summary); the summary is the name in words.
        operation.Description = (string.IsNullOrEmpty(operation.Summary) ? "" : operation.Summary + "\n\n") + About(method);
        operation.Summary = Words(descriptor.Name);
        operation.Extensions["x-grpc-method"] = new OpenApiString(grpc.Method.FullName);
        operation.Extensions["x-access"] = new OpenApiString(AccessName(method.Access));

        var ok = operation.Responses["200"];
        if (descriptor.OutputType.FullName == "google.api.HttpBody")
        {
            // The body is the content itself, in the content type the answer names (HTML documents, PDF).
            ok.Content = new Dictionary<string, OpenApiMediaType> { ["*/*"] = new() { Schema = new OpenApiSchema { Type = "string", Format = "binary" } } };
        }
        if (descriptor.IsServerStreaming)
        {
            ok.Description = "A stream of messages: one JSON object per line, written as they are produced.";
        }
        AddErrorResponses(operation);
    }

    /// <summary>The errors every call may answer, as shared responses (components.responses, <see cref="SuiteDocumentFilter"/>).</summary>
    public static void AddErrorResponses(OpenApiOperation operation)
    {
        foreach (var (status, id) in new[] { ("400", "BadRequest"), ("401", "Unauthorized"), ("403", "Forbidden"), ("404", "NotFound"), ("429", "TooManyRequests"), ("default", "Error") })
        {
            operation.Responses[status] = new OpenApiResponse { Reference = new OpenApiReference { Type = ReferenceType.Response, Id = id } };
        }
    }

    public static string About(ApiMethod method)
    {
        var streaming = method.Descriptor.IsServerStreaming ? " Server streaming." : "";
        return $"gRPC: {method.FullName}. Access {AccessName(method.Access)}: {Who(method.Access)}.{streaming}";
    }

    public static string Who(Access access) => access switch
    {
        Access.CommitteeRead => "reads one committee's data: that committee's writers and readers, the municipal office and BI readers of its municipality",
        Access.CommitteeWrite => "changes one committee's data: only that committee's writers",
        Access.MunicipalityRead => "reads the whole municipality's data: the municipal office and BI readers of the municipality",
        Access.MunicipalitySharedRead => "reads what the municipality shares with its committees: any role of the municipality",
        Access.MunicipalOffice => "an act of kommunledningskontoret: only the municipal office of the municipality",
        Access.CommitteeImports => "follows one committee's imports: that committee's writers and the municipal office of its municipality",
        _ => "declares no access, so every caller is refused",
    };

    public static string AccessName(Access access) =>
        CommonReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Access")?.FindValueByNumber((int)access)?.Name ?? access.ToString();

    /// <summary>"RecordActivityFigures" → "Record activity figures".</summary>
    private static string Words(string pascal) =>
        string.Join(' ', WordStart().Split(pascal).Select((w, i) => i == 0 ? w : w.ToLowerInvariant()));

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordStart();
}
