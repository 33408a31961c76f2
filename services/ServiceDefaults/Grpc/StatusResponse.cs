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

    /// <summary>
    /// The HTTP status JSON transcoding answers a gRPC status with (google.api's mapping): a raw route refusing as a
    /// transcoded method would must not answer a database that is away (retry) with 400 (do not retry).
    /// </summary>
    public static int HttpStatusOf(global::Grpc.Core.StatusCode code) => code switch
    {
        global::Grpc.Core.StatusCode.OK => StatusCodes.Status200OK,
        global::Grpc.Core.StatusCode.Cancelled => 499,
        global::Grpc.Core.StatusCode.InvalidArgument or global::Grpc.Core.StatusCode.FailedPrecondition
            or global::Grpc.Core.StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        global::Grpc.Core.StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        global::Grpc.Core.StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        global::Grpc.Core.StatusCode.NotFound => StatusCodes.Status404NotFound,
        global::Grpc.Core.StatusCode.AlreadyExists or global::Grpc.Core.StatusCode.Aborted => StatusCodes.Status409Conflict,
        global::Grpc.Core.StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        global::Grpc.Core.StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        global::Grpc.Core.StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        global::Grpc.Core.StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static Google.Rpc.Status Of(global::Grpc.Core.StatusCode code, string message) => new() { Code = (int)code, Message = message };
}
