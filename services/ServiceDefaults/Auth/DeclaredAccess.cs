using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.ServiceDefaults.Auth;

/// <summary>How an endpoint may be reached, before the endpoint itself decides on the request's scope.</summary>
public enum EndpointAccessKind
{
    /// <summary>No token needed: health, and the OpenAPI document (it describes the API and holds no data).</summary>
    Anonymous,
    /// <summary>Any valid token of the suite: gRPC reflection (the descriptors are public, the rule stays simple).</summary>
    Authenticated,
    /// <summary>An RPC of the contracts (or a raw route that shares one RPC's access): decided per request on the
    /// municipality and committee it names, by <see cref="AccessPolicy"/>.</summary>
    Rpc,
    /// <summary>The gateway forwards the call; the service behind it authorises it against its own endpoint. The
    /// gateway still requires a valid token.</summary>
    Proxied,
}

/// <summary>
/// An endpoint's declared access, as endpoint metadata. Every endpoint a process maps must resolve to one
/// (<see cref="Of"/>); <see cref="EndpointAccessMiddleware"/> refuses any that does not, so an endpoint added
/// without a decision about who may call it is closed, not open.
/// </summary>
public sealed record DeclaredAccess(EndpointAccessKind Kind, Access Rpc = Access.Unspecified)
{
    public static readonly DeclaredAccess Anonymous = new(EndpointAccessKind.Anonymous);
    public static readonly DeclaredAccess Authenticated = new(EndpointAccessKind.Authenticated);
    public static readonly DeclaredAccess Proxied = new(EndpointAccessKind.Proxied);

    /// <summary>A raw route (an upload, an export) that shares the access an RPC of the contracts declares.</summary>
    public static DeclaredAccess Of(Access rpc) =>
        rpc == Access.Unspecified ? throw new ArgumentException("an RPC without declared access cannot lend it", nameof(rpc)) : new(EndpointAccessKind.Rpc, rpc);

    private const string HealthService = "grpc.health.v1.Health";
    private static readonly HashSet<string> ReflectionServices = new(StringComparer.Ordinal)
    {
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    };

    /// <summary>
    /// The access of the endpoint the router selected, or null when it declares none. A gRPC endpoint (and its JSON
    /// transcoding) is known by the method in its metadata — the method that will run, whatever letter case,
    /// slashes or encoding the request's path used to reach it.
    /// </summary>
    public static DeclaredAccess? Of(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<DeclaredAccess>() is { } declared)
        {
            return declared;
        }
        if (Method(endpoint) is not { } method)
        {
            return null;
        }
        if (method.ServiceName == HealthService)
        {
            return Anonymous;
        }
        if (ReflectionServices.Contains(method.ServiceName))
        {
            return Authenticated;
        }
        return AccessRegistry.Find(method.FullName) is { Access: not Access.Unspecified } api ? new DeclaredAccess(EndpointAccessKind.Rpc, api.Access) : null;
    }

    /// <summary>The gRPC method an endpoint runs (its canonical "/package.Service/Method"), if it is a gRPC endpoint.</summary>
    public static global::Grpc.Core.IMethod? Method(Endpoint endpoint) => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
}
