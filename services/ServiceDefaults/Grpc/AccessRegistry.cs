using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;
using NamndFollowUp.Contracts.Common.V1;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>A method of the suite's API as its contract declares it.</summary>
public sealed record ApiMethod(string FullName, MethodDescriptor Descriptor, Access Access)
{
    /// <summary>Reads may be retried; writes are not retried by the client (a lost answer is not a lost write).</summary>
    public bool IsIdempotent => Access is Access.CommitteeRead or Access.MunicipalityRead or Access.MunicipalitySharedRead or Access.CommitteeImports;
}

/// <summary>
/// Every RPC of the suite's contracts with its declared access, read once from the compiled descriptors
/// (option (namnd.common.v1.access)). Authorization, client retries and the authorization test matrix all
/// read the same declarations, so a new RPC cannot be added without deciding who may call it.
/// </summary>
public static class AccessRegistry
{
    public static FrozenDictionary<string, ApiMethod> Methods { get; } = Load();

    public static ApiMethod? Find(string fullName) => Methods.GetValueOrDefault(fullName);

    private static FrozenDictionary<string, ApiMethod> Load()
    {
        var files = typeof(Access).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .Where(f => f.Package.StartsWith("namnd.", StringComparison.Ordinal));
        return files
            .SelectMany(f => f.Services)
            .SelectMany(s => s.Methods)
            .Select(m => new ApiMethod($"/{m.Service.FullName}/{m.Name}", m,
                m.GetOptions()?.GetExtension(CommonExtensions.Access) ?? Access.Unspecified))
            .ToFrozenDictionary(m => m.FullName);
    }
}
