using System.Text;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Spellings of a path that a router may take for the same endpoint while a string compare does not: letter
/// case of package, service and method, trailing and double slashes, percent-encoding, dot segments.
/// </summary>
public static class PathVariants
{
    public static readonly string[] Grpc =
    [
        "exact", "lower", "upper", "upper package", "lower service", "lower method", "trailing slash", "double leading slash",
        "double middle slash", "encoded dot", "encoded letter", "dot segment", "query",
    ];

    /// <summary>A gRPC path (/package.Service/Method) spelt as the variant says.</summary>
    public static string OfGrpc(string path, string variant)
    {
        var slash = path.LastIndexOf('/');
        var service = path[1..slash];
        var method = path[(slash + 1)..];
        var dot = service.LastIndexOf('.');
        var package = service[..dot];
        var name = service[(dot + 1)..];
        return variant switch
        {
            "lower" => path.ToLowerInvariant(),
            "upper" => path.ToUpperInvariant(),
            "upper package" => $"/{package.ToUpperInvariant()}.{name}/{method}",
            "lower service" => $"/{package}.{name.ToLowerInvariant()}/{method}",
            "lower method" => $"/{service}/{method.ToLowerInvariant()}",
            "trailing slash" => path + "/",
            "double leading slash" => "/" + path,
            "double middle slash" => $"/{service}//{method}",
            "encoded dot" => "/" + service.Replace(".", "%2E") + "/" + method,
            "encoded letter" => $"/{service}/%{(int)method[0]:X2}{method[1..]}",
            "dot segment" => $"/./{service}/{method}",
            "query" => path + "?namnd-service=economy",
            _ => path,
        };
    }

    public static readonly string[] Rest =
    [
        "exact", "upper", "upper prefix", "trailing slash", "double slash", "encoded municipality", "encoded slash", "dot segment",
        "lower committee",
    ];

    /// <summary>A REST path (with its query) spelt as the variant says; the municipality is <paramref name="municipality"/>.</summary>
    public static string OfRest(string pathAndQuery, string municipality, string committee, string variant)
    {
        var q = pathAndQuery.IndexOf('?');
        var (path, query) = q < 0 ? (pathAndQuery, "") : (pathAndQuery[..q], pathAndQuery[q..]);
        var spelt = variant switch
        {
            "upper" => path.ToUpperInvariant(),
            "upper prefix" => "/API/V1" + path["/api/v1".Length..],
            "trailing slash" => path + "/",
            "double slash" => path.Replace("/municipalities/", "//municipalities//", StringComparison.Ordinal),
            "encoded municipality" => path.Replace($"/{municipality}", "/" + Encoded(municipality), StringComparison.Ordinal),
            "encoded slash" => path.Replace("/committees/", "%2Fcommittees%2F", StringComparison.Ordinal),
            "dot segment" => path.Replace("/municipalities/", "/./municipalities/x/../", StringComparison.Ordinal),
            "lower committee" => path.Replace($"/{committee}", $"/{committee.ToLowerInvariant()}", StringComparison.Ordinal),
            _ => path,
        };
        return spelt + query;
    }

    private static string Encoded(string text) => string.Concat(Encoding.UTF8.GetBytes(text).Select(b => $"%{b:X2}"));

    /// <summary>Values of the gateway's namnd-service header (null: none sent).</summary>
    public static readonly string?[] ServiceHeader = [null, "economy", "planning", "keyfigures", "", "ECONOMY", " economy", "economy,planning", "gateway", "x\u0001"];
}
