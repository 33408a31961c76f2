using Google.Rpc;
using Grpc.Core;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>A domain refusal as gRPC says it: the kernel throws it, the gRPC plumbing gives it a status.</summary>
public static class ValidationFailedRpc
{
    /// <summary>
    /// InvalidArgument with a google.rpc.BadRequest naming the violated fields. A gRPC status travels in trailers,
    /// and HTTP/2 clients and proxies (SocketsHttpHandler, so the gateway and every .NET client) refuse response
    /// headers over 64 KiB with a broken call instead; a file wrong on a thousand lines would say more than that.
    /// So the details list violations up to <see cref="MaxListedBytes"/> and then count the rest, each description
    /// at most <see cref="MaxDescriptionLength"/> characters, and the message at most <see cref="MaxMessageLength"/>.
    /// </summary>
    public static RpcException ToRpcException(this ValidationFailedException e)
    {
        var badRequest = new BadRequest();
        var bytes = 0;
        foreach (var v in e.Violations)
        {
            var violation = new BadRequest.Types.FieldViolation { Field = Cut(v.Field, 200), Description = Cut(v.Description, MaxDescriptionLength) };
            bytes += violation.CalculateSize();
            if (bytes > MaxListedBytes)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    // Named by the first violation left out, so the answer still names a field.
                    Field = violation.Field,
                    Description = $"{e.Violations.Count - badRequest.FieldViolations.Count:N0} more entries, not listed so that the answer fits a gRPC status; "
                        + $"the last of them: {Cut(e.Violations[^1].Field, 200)}: {Cut(e.Violations[^1].Description, 200)}",
                });
                break;
            }
            badRequest.FieldViolations.Add(violation);
        }
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = Cut(e.Message, MaxMessageLength),
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    public const int MaxListedBytes = 16 * 1024, MaxDescriptionLength = 500, MaxMessageLength = 1_000;

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
