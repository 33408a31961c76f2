using Google.Rpc;
using Grpc.Core;

namespace NamndFollowUp.Web.Gateway;

/// <summary>The suite's refusals as a person reads them: the reason, and every field the suite named.</summary>
public static class GatewayErrors
{
    public static string Describe(RpcException e) => e.StatusCode switch
    {
        StatusCode.PermissionDenied => "Du har inte behörighet till detta.",
        StatusCode.NotFound => "Uppgifterna finns inte.",
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => "Tjänsten svarar inte just nu. Försök igen om en stund.",
        StatusCode.FailedPrecondition => $"Det går inte i rapportens nuvarande läge: {e.Status.Detail}",
        StatusCode.InvalidArgument => $"Uppgifterna godtogs inte: {e.Status.Detail}",
        _ => $"Något gick fel ({e.StatusCode}): {e.Status.Detail}",
    };

    /// <summary>The fields and reasons of a google.rpc.BadRequest, e.g. ("line 12", "unknown activity code 9999").</summary>
    public static IReadOnlyList<(string Field, string Reason)> Violations(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Description)).ToList() ?? [];
}
