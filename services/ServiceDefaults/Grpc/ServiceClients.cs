using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace NamndFollowUp.ServiceDefaults.Grpc;

public sealed class ServiceClientOptions
{
    /// <summary>Deadline of one attempt; the caller's own deadline still bounds the whole call.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);
    public int MaxRetries { get; set; } = 2;
    /// <summary>After this many consecutive-ish failures the circuit opens and calls fail fast.</summary>
    public int CircuitMinimumThroughput { get; set; } = 5;
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

public static class ServiceClients
{
    /// <summary>
    /// A gRPC client of another service of the suite at Services:{service} (env Services__{service}), with
    /// the incoming call's deadline and cancellation propagated, a deadline per attempt, retries of
    /// idempotent reads on Unavailable (Polly keyed on gRPC status codes: the HTTP resilience handler
    /// cannot see gRPC failures, which arrive as HTTP 200 with a grpc-status trailer) and a circuit
    /// breaker that fails fast while the other service is down.
    /// </summary>
    /// <param name="named">Register under the service's name (resolve with GrpcClientFactory.CreateClient), for
    /// one client type that talks to several services.</param>
    /// <param name="address">Instead of Services:{service}: for a caller that resolves the address per call (the
    /// gateway's cluster destinations).</param>
    public static IHttpClientBuilder AddServiceClient<TClient>(this IHostApplicationBuilder builder, string service, bool named = false, string? address = null)
        where TClient : ClientBase
    {
        address ??= builder.Configuration[$"Services:{service}"]
            ?? throw new InvalidOperationException($"Services:{service} is not configured (env Services__{service}).");
        var options = builder.Configuration.GetSection($"Services:Resilience").Get<ServiceClientOptions>() ?? new ServiceClientOptions();
        var interceptor = new ResilienceInterceptor(service, options);
        builder.Services.AddHttpContextAccessor();

        Action<GrpcClientFactoryOptions> configure = o =>
            {
                o.Address = new Uri(address);
                o.InterceptorRegistrations.Add(new InterceptorRegistration(InterceptorScope.Client, _ => interceptor));
                o.InterceptorRegistrations.Add(new InterceptorRegistration(InterceptorScope.Channel,
                    services => new Auth.ForwardAuthorizationInterceptor(services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>())));
            };
        return (named ? builder.Services.AddGrpcClient<TClient>(service, configure) : builder.Services.AddGrpcClient<TClient>(configure))
            .EnableCallContextPropagation(o => o.SuppressContextNotFoundErrors = true)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                ConnectTimeout = TimeSpan.FromSeconds(2),
            });
    }
}

/// <summary>Polly around unary calls; one instance (and so one circuit) per target service.</summary>
public sealed class ResilienceInterceptor : Interceptor
{
    private static readonly StatusCode[] Transient = [StatusCode.Unavailable];
    private readonly ServiceClientOptions _options;
    private readonly ResiliencePipeline _reads;
    private readonly ResiliencePipeline _writes;

    public ResilienceInterceptor(string service, ServiceClientOptions options)
    {
        _options = options;
        var breaker = new CircuitBreakerStrategyOptions
        {
            Name = $"{service}-circuit",
            FailureRatio = 0.5,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(e =>
                e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal),
        };
        _writes = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).Build();
        _reads = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                Name = $"{service}-retry",
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => Transient.Contains(e.StatusCode)),
            })
            .AddCircuitBreaker(breaker)
            .Build();
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var pipeline = AccessRegistry.Find(context.Method.FullName)?.IsIdempotent == true ? _reads : _writes;
        var response = Call(pipeline, request, context, continuation);
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private async Task<TResponse> Call<TRequest, TResponse>(ResiliencePipeline pipeline, TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        where TRequest : class where TResponse : class
    {
        try
        {
            return await pipeline.ExecuteAsync(async cancellationToken =>
            {
                var attemptDeadline = DateTime.UtcNow + _options.AttemptTimeout;
                var deadline = context.Options.Deadline is { } outer && outer < attemptDeadline ? outer : attemptDeadline;
                var options = context.Options.WithDeadline(deadline).WithCancellationToken(cancellationToken);
                using var call = continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
                return await call.ResponseAsync;
            }, context.Options.CancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"{context.Method.ServiceName} is failing; calls are paused: {e.Message}"));
        }
    }
}
