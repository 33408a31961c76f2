using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.ServiceDefaults.Auth;

/// <summary>
/// Enforces every RPC's declared access in the service itself, so a call that reaches a service directly
/// is checked exactly as one through the gateway. The access is the one the selected endpoint's method declares
/// (<see cref="DeclaredAccess"/>); the municipality and committee come from the request's municipality_code /
/// committee_code fields; for a client stream, from every message.
/// </summary>
public sealed class AuthorizationInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request: null);
        return continuation(new CheckedReader<TRequest>(requestStream, message => Authorize(context, message)), context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request: null);
        return continuation(new CheckedReader<TRequest>(requestStream, message => Authorize(context, message)), responseStream, context);
    }

    private static void Authorize(ServerCallContext context, object? request)
    {
        var http = context.GetHttpContext();
        // The endpoint the router selected says which method runs; context.Method is the path as the caller spelt
        // it (routing is case-insensitive), so it is never the key of a decision.
        var access = http.GetEndpoint() is { } endpoint ? DeclaredAccess.Of(endpoint) : null;
        if (access is null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the method declares no access; it is closed to every caller"));
        }
        if (access.Kind == EndpointAccessKind.Anonymous)
        {
            return; // health
        }
        var caller = Caller.From(http.User);
        if (caller is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "a bearer token is required"));
        }
        if (access.Kind != EndpointAccessKind.Rpc || request is null)
        {
            // Reflection: any authenticated caller. A client stream is checked message by message.
            return;
        }
        var message = (IMessage)request;
        var (decision, reason) = AccessPolicy.Decide(access.Rpc, caller,
            Field(message, "municipality_code"), Field(message, "committee_code"));
        switch (decision)
        {
            case Decision.Unauthenticated:
                throw new RpcException(new Status(StatusCode.Unauthenticated, reason));
            case Decision.Denied:
                throw new RpcException(new Status(StatusCode.PermissionDenied, reason));
        }
    }

    private static string? Field(IMessage message, string name) =>
        message.Descriptor.FindFieldByName(name)?.Accessor.GetValue(message) as string;

    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner, Action<T> check) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }
            check(inner.Current);
            return true;
        }
    }
}

/// <summary>Passes the caller's token on to the services this service calls, so they check the same caller.</summary>
public sealed class ForwardAuthorizationInterceptor(Microsoft.AspNetCore.Http.IHttpContextAccessor http) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var authorization = http.HttpContext?.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(authorization))
        {
            var headers = context.Options.Headers ?? [];
            if (headers.Get("authorization") is null)
            {
                headers.Add("authorization", authorization);
            }
            context = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }
        return continuation(request, context);
    }
}
