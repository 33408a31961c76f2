using Google.Rpc;
using Grpc.Core;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>A domain refusal as gRPC says it: the kernel throws it, the gRPC plumbing gives it a status.</summary>
public static class ValidationFailedRpc
{
    /// <summary>InvalidArgument with a google.rpc.BadRequest naming every violated field.</summary>
    public static RpcException ToRpcException(this ValidationFailedException e)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(e.Violations.Select(v =>
            new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = e.Message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }
}
