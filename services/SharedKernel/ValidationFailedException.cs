namespace NamndFollowUp.SharedKernel;

/// <summary>
/// Thrown by request mapping and by domain types when input breaks a rule. Becomes gRPC
/// InvalidArgument (HTTP 400 through JSON transcoding) with a google.rpc.BadRequest listing every
/// violation, so the caller sees all problems at once rather than one per round trip.
/// </summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldViolation> violations)
    : Exception(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public ValidationFailedException(string field, string description) : this([new FieldViolation(field, description)]) { }
}
