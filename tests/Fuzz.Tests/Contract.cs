using Google.Api;
using Google.Protobuf.Reflection;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>An RPC of the contracts with its declared access and, when it has one, its REST binding.</summary>
public sealed record Rpc(ApiMethod Api, string? Verb, string? Template, string? Body)
{
    public MethodDescriptor Descriptor => Api.Descriptor;
    public string Path => Api.FullName;
    public string Package => Descriptor.Service.File.Package;
    public bool IsWrite => Api.Access is Access.CommitteeWrite or Access.MunicipalOffice;

    /// <summary>The service whose data the RPC changes or reads (export and adoption: the one it names).</summary>
    public string? OwnService => Package switch
    {
        "namnd.economy.v1" => "economy",
        "namnd.planning.v1" => "planning",
        "namnd.keyfigures.v1" => "keyfigures",
        _ => null,
    };

    /// <summary>Export, adoption and the report lifecycle are served by every service; the gateway routes gRPC by this header.</summary>
    public bool NeedsServiceHeader => Package is "namnd.export.v1" or "namnd.adoption.v1" or "namnd.report.v1";

    public override string ToString() => Path;
}

/// <summary>
/// Every RPC of the NamndFollowUp.Contracts assembly's file descriptors — the registry authorization reads — with
/// the google.api.http rule the gateway's OpenAPI document is built from. A new RPC is fuzzed the moment it exists.
/// </summary>
public static class Contract
{
    public static IReadOnlyList<Rpc> Rpcs { get; } = AccessRegistry.Methods.Values
        .OrderBy(m => m.FullName, StringComparer.Ordinal)
        .Select(Bind)
        .ToList();

    public static Rpc Find(string fullName) => Rpcs.Single(r => r.Path == fullName);

    private static Rpc Bind(ApiMethod method)
    {
        var rule = method.Descriptor.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        if (rule is null || method.Descriptor.IsClientStreaming)
        {
            return new Rpc(method, null, null, null);
        }
        var (verb, template) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            _ => (rule.Custom.Kind, rule.Custom.Path),
        };
        return new Rpc(method, verb, template, string.IsNullOrEmpty(rule.Body) ? null : rule.Body);
    }
}
