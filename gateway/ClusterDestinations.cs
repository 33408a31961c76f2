using Yarp.ReverseProxy;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace NamndFollowUp.Gateway;

/// <summary>
/// Sends the composed views' calls to a service where the proxy sends its routes: to a destination of the service's YARP
/// cluster, among those its health checks hold available, picked by the cluster's load-balancing policy. Before, each
/// composed view called the one address in Services:{service} (the cluster's first destination): with two replicas it
/// used one of them only, and failed while that one was away although the other served the proxied routes.
/// A destination that refuses the connection (killed, restarting, not yet marked unhealthy) is passed over for another,
/// as the proxy does (<see cref="UnavailableService"/>): the call was never sent, so it cannot be applied twice.
/// </summary>
public sealed class ClusterDestinations(string cluster, IProxyStateLookup proxy, IEnumerable<ILoadBalancingPolicy> policies, IHttpContextAccessor http)
    : DelegatingHandler
{
    /// <summary>The address the service's gRPC client is given: never dialled, every call's address is a destination's.</summary>
    public static string Placeholder(string cluster) => $"http://{cluster}.cluster";

    private readonly Dictionary<string, ILoadBalancingPolicy> _policies = policies.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A plain TCP connection to the request's host and port (see Composition for why it is set at all).</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!proxy.TryGetCluster(cluster, out var state))
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"The gateway has no cluster '{cluster}' (ReverseProxy:Clusters).");
        }
        var policy = _policies[state.Model.Config.LoadBalancingPolicy ?? LoadBalancingPolicies.PowerOfTwoChoices];
        var path = request.RequestUri!.PathAndQuery;
        var candidates = state.DestinationsState.AvailableDestinations.ToList();
        while (true)
        {
            var destination = (candidates.Count == 0 ? null : policy.PickDestination(http.HttpContext ?? new DefaultHttpContext(), state, candidates))
                ?? throw new HttpRequestException(HttpRequestError.ConnectionError, $"No destination of '{cluster}' is available.");
            candidates.Remove(destination);
            request.RequestUri = new Uri(destination.Model.Config.Address.TrimEnd('/') + path);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (candidates.Count > 0 && UnavailableService.NeverSent(e))
            {
                // Another replica, at once: the caller's deadline is short and this one answered nothing.
            }
        }
    }
}
