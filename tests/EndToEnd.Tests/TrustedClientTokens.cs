using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Attaches to each REST request a token for the municipality and committee its path names, with every
/// role: functional tests exercise behaviour, AuthorizationMatrixTests exercise access.
/// </summary>
public sealed partial class TrustedClientTokens(ISuiteApi suite) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null)
        {
            var match = Scope().Match(request.RequestUri!.AbsolutePath);
            if (match.Success)
            {
                var committee = match.Groups["c"].Success ? match.Groups["c"].Value : null;
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                    suite.Token(match.Groups["m"].Value, committee, Roles.All));
            }
        }
        return base.SendAsync(request, cancellationToken);
    }

    [GeneratedRegex("/municipalities/(?<m>[^/]+)(/committees/(?<c>[^/?]+))?")]
    private static partial Regex Scope();
}

/// <summary>The gRPC side of <see cref="TrustedClientTokens"/>: the scope comes from the request's fields.</summary>
public sealed class TrustedClientGrpcTokens(ISuiteApi suite) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    private ClientInterceptorContext<TRequest, TResponse> WithToken<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        var headers = context.Options.Headers ?? [];
        if (headers.Get("authorization") is null && request is IMessage message)
        {
            var municipality = message.Descriptor.FindFieldByName("municipality_code")?.Accessor.GetValue(message) as string;
            var committee = message.Descriptor.FindFieldByName("committee_code")?.Accessor.GetValue(message) as string;
            if (!string.IsNullOrEmpty(municipality))
            {
                headers.Add("authorization", $"Bearer {suite.Token(municipality, string.IsNullOrEmpty(committee) ? null : committee, Roles.All)}");
            }
        }
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
