using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// Binds a gRPC service's methods as grpc-dotnet's own binder does (the generated BindService, the service's
/// methods, their attributes as endpoint metadata), with one difference: a request that does not parse as its
/// message (malformed protobuf, invalid UTF-8 in a string field) is INVALID_ARGUMENT naming the message, where
/// grpc-dotnet reads it before any interceptor and answers UNKNOWN "Exception was thrown by handler".
/// </summary>
public sealed class StrictServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } bind
                && bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type]) is { } bindMethod)
            {
                bindMethod.Invoke(null, [new Binder(context, type), null]);
                return;
            }
        }
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type declaringType) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(ServerCallContext)]);
            context.AddUnaryMethod(Strict(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)]);
            context.AddClientStreamingMethod(Strict(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddServerStreamingMethod(Strict(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddDuplexStreamingMethod(Strict(method), metadata, invoker);
        }

        private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class where TResponse : class
        {
            var marshaller = method.RequestMarshaller;
            var name = typeof(TRequest).Name;
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name,
                new Marshaller<TRequest>(marshaller.ContextualSerializer, deserialization =>
                {
                    try
                    {
                        return marshaller.ContextualDeserializer(deserialization);
                    }
                    catch (Exception e) when (e is not (RpcException or OperationCanceledException))
                    {
                        throw new ValidationFailedException("message", $"is not a {name} in protobuf's binary format: {e.Message}").ToRpcException();
                    }
                }),
                method.ResponseMarshaller);
        }

        // As grpc-dotnet's ProviderServiceBinder: the override of the generated base's method, and its attributes.
        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, Type[] parameters) where TDelegate : Delegate
        {
            MethodInfo? handler = null;
            for (var type = typeof(TService); type is not null && handler is null; type = type.BaseType)
            {
                var candidate = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, null, parameters, null);
                if (candidate is null)
                {
                    break;
                }
                if (candidate.IsVirtual && candidate.GetBaseDefinition().DeclaringType == declaringType)
                {
                    handler = candidate;
                }
            }
            if (handler is null)
            {
                throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            }
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }
    }
}
