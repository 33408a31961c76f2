using System.Reflection;
using System.Text.Json;
using NamndFollowUp.Gateway.OpenApi;
using NamndFollowUp.ServiceDefaults.Grpc;

// In the gateway's namespace so that Program.cs maps the document with one line and no extra using.
namespace NamndFollowUp.Gateway;

public static class OpenApiEndpoint
{
    public const string Path = "/openapi.json";

    /// <summary>
    /// Serves the suite's OpenAPI document at /openapi.json. It is built once at start-up from the contracts the
    /// gateway was built with, so a contract that cannot be described fails the start, not a client's request.
    /// Anonymous: the document describes the API and exposes no data. The raw upload routes come from
    /// <see cref="RawRoutes"/>, checked against the proxy routes configured to forward them.
    /// </summary>
    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        var version = typeof(OpenApiEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "1.0.0";
        var document = OpenApiDocumentGenerator.Generate(AccessRegistry.Methods.Values, version, ProtoComments.Load(),
                RawRoutes.Configured(app.Configuration))
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        app.MapGet(Path, () => Results.Text(document, "application/json; charset=utf-8")).AllowAnonymous().ExcludeFromDescription()
            .WithMetadata(ServiceDefaults.Auth.DeclaredAccess.Anonymous);
        return app;
    }
}
