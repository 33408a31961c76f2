using Microsoft.AspNetCore.Http;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.ServiceDefaults.Auth;

/// <summary>
/// Default deny, decided on the endpoint the router selected. It runs after routing and authentication, before
/// any endpoint: an endpoint that declares no access is refused; one that needs a caller gets none without a
/// valid token; a gRPC call whose path is not exactly its method's name is refused. What a caller may do with a
/// given municipality and committee is then decided where the request's fields are known (the authorization
/// interceptor, or a raw route's handler), on the access this endpoint declares.
/// </summary>
public sealed class EndpointAccessMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null)
        {
            return next(http); // nothing was selected, so nothing runs: 404 (gRPC clients read UNIMPLEMENTED)
        }
        var access = DeclaredAccess.Of(endpoint);
        if (access is null)
        {
            return Refuse(http, StatusCodes.Status403Forbidden, global::Grpc.Core.StatusCode.PermissionDenied,
                $"'{endpoint.DisplayName}' declares no access; it is closed to every caller");
        }
        // gRPC names methods case-sensitively; ASP.NET Core routes case-insensitively. A call by any spelling other
        // than the method's own name is refused, so no access list, log or proxy rule keyed by the name is misled.
        if (IsGrpc(http) && DeclaredAccess.Method(endpoint) is { } method
            && !string.Equals(http.Request.Path.Value, method.FullName, StringComparison.Ordinal))
        {
            return Refuse(http, StatusCodes.Status404NotFound, global::Grpc.Core.StatusCode.Unimplemented,
                $"no method '{http.Request.Path.Value}'; method names are case-sensitive (did you mean '{method.FullName}'?)");
        }
        // A proxy route matches a pattern, not a method: forwarded gRPC must name an RPC of the contracts exactly, so
        // the gateway never passes on a spelling that the service behind it would route differently.
        if (access.Kind == EndpointAccessKind.Proxied && IsGrpc(http) && AccessRegistry.Find(http.Request.Path.Value ?? "") is null)
        {
            return Refuse(http, StatusCodes.Status404NotFound, global::Grpc.Core.StatusCode.Unimplemented,
                $"no method '{http.Request.Path.Value}' in the suite's contracts; method names are case-sensitive");
        }
        if (access.Kind != EndpointAccessKind.Anonymous && Caller.From(http.User) is null)
        {
            return Refuse(http, StatusCodes.Status401Unauthorized, global::Grpc.Core.StatusCode.Unauthenticated, "a bearer token is required");
        }
        return next(http);
    }

    private static bool IsGrpc(HttpContext http) => StatusResponse.IsGrpc(http);

    /// <summary>gRPC callers get a trailers-only answer with the status; REST callers the google.rpc.Status as JSON.</summary>
    private static Task Refuse(HttpContext http, int httpStatus, global::Grpc.Core.StatusCode grpcStatus, string message) =>
        StatusResponse.WriteAsync(http, httpStatus, StatusResponse.Of(grpcStatus, message));
}
