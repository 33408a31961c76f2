using Google.Rpc;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Gateway;

/// <summary>
/// The contracts every service serves (the export, a part's adoption) reach the right service by the
/// <c>namnd-service</c> header, matched by the proxy's routes. A value that names no service, or several, would
/// otherwise match no route or several (an ambiguous match is a 500 inside routing), so it is refused here, before
/// routing, with the header named and the values it may take.
/// </summary>
public static class ServiceSelection
{
    public const string Header = "namnd-service";

    public static WebApplication UseServiceSelection(this WebApplication app)
    {
        // Read from the proxy's own routes, so a service added there is accepted here without a second list.
        var routes = app.Configuration.GetSection("ReverseProxy:Routes").GetChildren()
            .Select(route => (
                Prefix: route["Match:Path"]?.Split('{')[0] ?? "",
                Values: route.GetSection("Match:Headers").GetChildren()
                    .Where(h => string.Equals(h["Name"], Header, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(h => h.GetSection("Values").GetChildren().Select(v => v.Value ?? ""))
                    .ToList()))
            .Where(r => r.Values.Count > 0 && r.Prefix.Length > 1)
            .ToList();
        var prefixes = routes.Select(r => r.Prefix).Distinct().ToArray();
        var services = routes.SelectMany(r => r.Values).ToHashSet(StringComparer.Ordinal);
        var allowed = string.Join(", ", services.Order(StringComparer.Ordinal));

        app.Use((http, next) =>
        {
            var path = http.Request.Path.Value ?? "";
            // Case-insensitive here on purpose: a spelling variant of these paths still gets a clear answer about the
            // header; the path itself is then refused as the method it does not exactly name.
            if (!prefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                return next(http);
            }
            var values = http.Request.Headers[Header];
            if (values.Count == 1 && values[0] is { } value && services.Contains(value))
            {
                return next(http);
            }
            var reason = values.Count == 0
                ? $"required: the service whose data is meant, one of {allowed}"
                : $"must be exactly one of {allowed}, got {string.Join(" + ", values.Select(v => $"'{InputLimits.Shorten(v ?? "")}'"))}";
            return RefuseAsync(http, reason);
        });
        return app;
    }

    private static Task RefuseAsync(HttpContext http, string reason) =>
        StatusResponse.WriteAsync(http, StatusCodes.Status400BadRequest, new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"{Header}: {reason}",
            Details =
            {
                Google.Protobuf.WellKnownTypes.Any.Pack(new BadRequest
                {
                    FieldViolations = { new BadRequest.Types.FieldViolation { Field = Header, Description = reason } },
                }),
            },
        });
}
