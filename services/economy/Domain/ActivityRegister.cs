namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// The activity codes a municipality has registered (<see cref="ActivityCodeDefinition"/>, kept by
/// kommunledningskontoret). A figure, allocation, layout or ledger mapping that names any other code is refused:
/// its rows would be stored under a code no table names and no key figure can take its costs from.
/// </summary>
public sealed class ActivityRegister(string municipality, IEnumerable<string> codes)
{
    private readonly HashSet<string> _codes = codes.ToHashSet(StringComparer.Ordinal);

    public bool Contains(string code) => _codes.Contains(code);

    /// <summary>Why <paramref name="code"/> cannot be written, or null when it is registered.</summary>
    public string? Problem(string code) => _codes.Contains(code) ? null
        : _codes.Count == 0
            ? $"activity code {code} is not registered: municipality {municipality} has registered no activity codes; kommunledningskontoret registers them first (POST /api/v1/economy/municipalities/{municipality}/activity-codes)"
            : $"activity code {code} is not registered for municipality {municipality}; kommunledningskontoret registers it first (POST /api/v1/economy/municipalities/{municipality}/activity-codes)";

    /// <summary>Each unregistered code of <paramref name="codes"/> once, with its problem.</summary>
    public IEnumerable<string> Problems(IEnumerable<string> codes) =>
        codes.Distinct(StringComparer.Ordinal).Select(Problem).OfType<string>();
}
