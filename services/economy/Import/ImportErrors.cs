using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// The bad lines of a file being read: the first <see cref="Listed"/> with their line and reason, the rest
/// only counted, so a file that is wrong on every one of a million lines costs no more memory than a good one.
/// </summary>
public sealed class ImportErrors
{
    public const int Listed = 1000;

    private readonly List<FieldViolation> _listed = [];

    public int Count { get; private set; }

    public void Add(FieldViolation violation)
    {
        Count++;
        if (_listed.Count < Listed)
        {
            _listed.Add(violation);
        }
    }

    public void Add(int line, string reason) => Add(new FieldViolation($"line {line}", reason));

    public void ThrowIfAny()
    {
        if (Count == 0)
        {
            return;
        }
        var violations = _listed.ToList();
        if (Count > Listed)
        {
            violations.Add(new FieldViolation("content", $"{Count - Listed:N0} more problems after the {Listed:N0} listed; nothing was imported"));
        }
        throw new ValidationFailedException(violations);
    }
}
