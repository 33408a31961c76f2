using System.Net.Sockets;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace NamndFollowUp.Gateway;

/// <summary>
/// What the gateway answers when a service cannot be reached. YARP's own answer was REST 502 with an empty body and, to
/// gRPC callers, HTTP 502 without a grpc-status, which clients report as an internal error and never retry. Here: REST
/// 503 with a google.rpc.Status, gRPC UNAVAILABLE (trailers-only), both naming the service, so a client knows what is
/// away and that retrying is right.
/// A replica that refuses the connection (killed, restarting) is not an outage while another replica serves: the
/// request was never sent, so it is tried once more on another replica before anything is answered.
/// </summary>
public static class UnavailableService
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(ErrorInfo.Descriptor)));

    /// <summary>The proxy's pipeline as YARP builds it by default, with the retry and the answer around it.</summary>
    public static void Pipeline(IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(AnswerWhenUnavailableAsync);
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    }

    private static async Task AnswerWhenUnavailableAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        await next();
        if (context.GetForwarderErrorFeature() is { Error: ForwarderError.Request, Exception: var e } && NeverSent(e)
            && proxy.ProxiedDestination is { } refused
            && candidates.Where(d => d != refused).ToList() is { Count: > 0 } others
            && !context.Response.HasStarted)
        {
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            proxy.AvailableDestinations = others;
            await next();
        }

        if (context.GetForwarderErrorFeature() is not { } error || context.Response.HasStarted || !MeansUnavailable(error.Error)
            // The service answered, with more headers than the gateway takes: a bad answer (YARP's 502), not an absent service.
            || error.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
        {
            return;
        }
        await AnswerAsync(context, proxy.Cluster.Config.ClusterId);
    }

    /// <summary>Failures of the service's side, not the caller's: nothing answered, or it went away before its headers.</summary>
    private static bool MeansUnavailable(ForwarderError error) => error is ForwarderError.NoAvailableDestinations or ForwarderError.Request
        or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination or ForwarderError.ResponseHeaders;

    /// <summary>A refused connection: the request did not leave the gateway, so sending it elsewhere cannot apply it twice.</summary>
    public static bool NeverSent(Exception? e) => e switch
    {
        null => false,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => true,
        _ => NeverSent(e.InnerException),
    };

    private static Task AnswerAsync(HttpContext context, string service)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.Unavailable,
            Message = $"The {service} service is unavailable for the moment; retry the request.",
            Details =
            {
                Google.Protobuf.WellKnownTypes.Any.Pack(new ErrorInfo
                {
                    Reason = "SERVICE_UNAVAILABLE",
                    Domain = "namnd",
                    Metadata = { ["service"] = service },
                }),
            },
        };
        context.Response.Headers.RetryAfter = "1";
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Trailers-only: the status and its details in the only headers the call gets.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
            context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
            return Task.CompletedTask;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        // The proxy may have set the length of the answer it could not give (0): this body replaces it.
        context.Response.ContentLength = null;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(Json.Format(status));
    }
}
