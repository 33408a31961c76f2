using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// A refusal written by code that runs outside a gRPC method (middleware, raw routes, the gateway's header check),
/// in the shape a gRPC method's refusal has: a gRPC caller gets a trailers-only answer with the status (and its
/// details), a REST caller the google.rpc.Status as JSON, as JSON transcoding writes it.
/// </summary>
public static class StatusResponse
{
    private static readonly JsonFormatter Details = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor)));

    public static bool IsGrpc(HttpContext http) =>
        http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Trailers-only to a gRPC caller, else <paramref name="httpStatus"/> with the JSON body.</summary>
    public static Task WriteAsync(HttpContext http, int httpStatus, Google.Rpc.Status status)
    {
        if (!IsGrpc(http))
        {
            return WriteJsonAsync(http, httpStatus, status);
        }
        // Trailers-only: the status is in the only headers the call gets, so HTTP 200 and no body.
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/grpc";
        http.Response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        if (status.Details.Count > 0)
        {
            http.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        }
        return Task.CompletedTask;
    }

    /// <summary>The google.rpc.Status as JSON, always with code, message and details (as JSON transcoding writes it).</summary>
    public static Task WriteJsonAsync(HttpContext http, int httpStatus, Google.Rpc.Status status)
    {
        http.Response.StatusCode = httpStatus;
        if (httpStatus == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        var details = string.Join(",", status.Details.Select(d => Details.Format(d)));
        return http.Response.WriteAsync(
            $"{{\"code\":{status.Code.ToString(CultureInfo.InvariantCulture)},\"message\":{JsonSerializer.Serialize(status.Message)},\"details\":[{details}]}}");
    }

    public static Google.Rpc.Status Of(global::Grpc.Core.StatusCode code, string message) => new() { Code = (int)code, Message = message };
}
