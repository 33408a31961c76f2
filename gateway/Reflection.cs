using Grpc.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NamndFollowUp.ServiceDefaults.Grpc;
using ProtoService = Google.Protobuf.Reflection.ServiceDescriptor;

namespace NamndFollowUp.Gateway;

/// <summary>
/// gRPC reflection at the gateway for the whole suite. By default grpc-dotnet's reflection lists only the
/// services mapped in this process (the follow-up view and health); the proxied ones would stay invisible and
/// proxying reflection to one service would show only that service. So the gateway answers reflection itself
/// (v1alpha and v1) from the contracts it was built with: every service of the contracts assembly, health
/// and reflection. Nothing is read from the services, so the answer does not depend on which of them is up.
/// A token is still required (the authorization interceptor lets any authenticated caller reflect): the
/// descriptors are not secret — the OpenAPI document is anonymous — but "anonymous callers get health and
/// nothing else" stays one simple rule at every port.
/// </summary>
public static class Reflection
{
    public static IReadOnlyList<ProtoService> SuiteServices { get; } =
    [
        .. AccessRegistry.Methods.Values.Select(m => m.Descriptor.Service).DistinctBy(s => s.FullName).OrderBy(s => s.FullName, StringComparer.Ordinal),
        Grpc.Health.V1.Health.Descriptor,
        Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        Grpc.Reflection.V1.ServerReflection.Descriptor,
    ];

    /// <summary>Replaces the reflection services AddServiceDefaults registered (built from this process's endpoints).</summary>
    public static IHostApplicationBuilder AddSuiteReflection(this IHostApplicationBuilder builder)
    {
        builder.Services.RemoveAll<ReflectionServiceImpl>();
        builder.Services.RemoveAll<ReflectionV1ServiceImpl>();
        builder.Services.AddSingleton(new ReflectionServiceImpl(SuiteServices));
        builder.Services.AddSingleton(new ReflectionV1ServiceImpl(SuiteServices));
        return builder;
    }
}
