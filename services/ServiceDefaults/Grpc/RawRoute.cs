using Grpc.Core;
using Microsoft.AspNetCore.Http;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// What every raw REST route (a file or Kolada's response as the body, or the export's rows as a file) does before and
/// around its work, said once:
/// the access it declared as endpoint metadata (<see cref="DeclaredAccess"/>, the RPC it stands for) decided on the
/// route's municipality and committee, the Content-Type it reads, and its refusals as JSON transcoding writes them.
/// </summary>
public static class RawRoute
{
    /// <summary>False after answering 401/403: the endpoint's declared access does not let this caller in.</summary>
    public static async Task<bool> AllowedAsync(HttpContext http, string municipality, string? committee)
    {
        var access = http.GetEndpoint() is { } endpoint ? DeclaredAccess.Of(endpoint) : null;
        var (decision, reason) = access is { Kind: EndpointAccessKind.Rpc }
            ? AccessPolicy.Decide(access.Rpc, Caller.From(http.User), municipality, committee)
            : (Decision.Denied, "the route declares no RPC's access");
        if (decision == Decision.Allowed)
        {
            return true;
        }
        var unauthenticated = decision == Decision.Unauthenticated;
        await StatusResponse.WriteJsonAsync(http, unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden,
            StatusResponse.Of(unauthenticated ? StatusCode.Unauthenticated : StatusCode.PermissionDenied, reason));
        return false;
    }

    /// <summary>The Content-Type's media type when it is one of <paramref name="accepted"/>; else null after answering 415.</summary>
    public static async Task<string?> MediaTypeAsync(HttpContext http, IReadOnlyList<string> accepted, string what)
    {
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not null && accepted.Contains(mediaType))
        {
            return mediaType;
        }
        await StatusResponse.WriteJsonAsync(http, StatusCodes.Status415UnsupportedMediaType, StatusResponse.Of(StatusCode.InvalidArgument,
            $"Content-Type must be {string.Join(" or ", accepted)} with {what} as the body, got '{InputLimits.Shorten(http.Request.ContentType ?? "")}'"));
        return null;
    }

    /// <summary>
    /// Whether <see cref="RefuseAsync(HttpContext, Exception, string)"/> answers this exception: a broken rule, a collided
    /// write, the database away, an RPC status thrown as it is (what <c>SaveChangesOrAbortAsync</c> throws for a collision),
    /// or a body that could not be read.
    /// </summary>
    public static bool IsRefusal(Exception e) => e is BadHttpRequestException || AsRpc(e) is not null;

    /// <summary>
    /// A refusal as JSON transcoding answers its status (the google.rpc.Status with the HTTP code transcoding maps it to:
    /// a broken rule 400, a concurrent writer 409, the database away 503); a body too large (413, saying
    /// <paramref name="tooLarge"/>) or cut short: nothing was stored.
    /// </summary>
    public static Task RefuseAsync(HttpContext http, Exception e, string tooLarge)
    {
        if (AsRpc(e) is { } rpc)
        {
            return RefuseAsync(http, rpc);
        }
        var bad = (BadHttpRequestException)e;
        return StatusResponse.WriteJsonAsync(http, bad.StatusCode, StatusResponse.Of(StatusCode.InvalidArgument,
            bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"{tooLarge}; nothing was imported" : $"the body could not be read: {bad.Message}; nothing was imported"));
    }

    /// <summary>
    /// The exception as an RPC status, as the gRPC pipeline would answer it: a thrown <see cref="RpcException"/> as it is;
    /// a broken rule, a concurrent writer or the database away as <see cref="ValidationExceptionInterceptor"/> maps them;
    /// null for a fault (which stays a fault).
    /// </summary>
    public static RpcException? AsRpc(Exception e) => e as RpcException ?? ValidationExceptionInterceptor.ToRpc(e);

    /// <summary>An RPC status as JSON transcoding answers it: the google.rpc.Status, with the HTTP code transcoding maps its code to.</summary>
    public static Task RefuseAsync(HttpContext http, RpcException rpc) =>
        StatusResponse.WriteJsonAsync(http, StatusResponse.HttpStatusOf(rpc.StatusCode), rpc.GetRpcStatus() ?? StatusResponse.Of(rpc.StatusCode, rpc.Status.Detail));
}
