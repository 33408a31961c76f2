using Google.Rpc;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Gateway;

/// <summary>
/// A REST path with an empty segment (<c>…/activities//volume</c>: an empty code) names no resource. Forwarded, the
/// service refuses it before reading the body while the gateway is still sending that body, and the proxy reports the
/// cut-short body as the service being unavailable (a 503 for a caller's mistake). So it is refused here, before
/// routing, with the path named. gRPC paths are left to the method check, which answers UNIMPLEMENTED.
/// </summary>
public static class EmptyPathSegments
{
    public static WebApplication UseEmptyPathSegmentRefusal(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            var path = http.Request.Path.Value ?? "";
            if (StatusResponse.IsGrpc(http) || !path.Contains("//", StringComparison.Ordinal))
            {
                return next(http);
            }
            const string reason = "has an empty segment ('//'): a code or name in the path is missing";
            return StatusResponse.WriteAsync(http, StatusCodes.Status400BadRequest, new Google.Rpc.Status
            {
                Code = (int)Code.InvalidArgument,
                Message = $"path: {reason}",
                Details =
                {
                    Google.Protobuf.WellKnownTypes.Any.Pack(new BadRequest
                    {
                        FieldViolations = { new BadRequest.Types.FieldViolation { Field = "path", Description = reason } },
                    }),
                },
            });
        });
        return app;
    }
}
