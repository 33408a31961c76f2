using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// Applies <see cref="InputLimits"/> to every request message of every RPC, streamed ones message by message,
/// for gRPC and transcoded REST alike; a refusal is a <see cref="ValidationFailedException"/>, which
/// <see cref="ValidationExceptionInterceptor"/> (outside this one) turns into INVALID_ARGUMENT with BadRequest.
/// </summary>
public sealed class InputLimitsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), responseStream, context);

    private static void Check<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            InputLimits.ThrowIfInvalid(message);
        }
    }

    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }
            Check(inner.Current);
            return true;
        }
    }
}
