using System.Diagnostics;
using System.Globalization;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// Where one import's time went, phase by phase (reading the file, the locks, loading stored records, the merge,
/// the rules, the commit), logged at Debug when it ends. An import's cost beyond reading its file is fixed, not
/// per line; these timings are how it is found and watched (docs/benchmarks-economy.md).
/// </summary>
public sealed class ImportPhases
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Phase, TimeSpan Took)> _phases = [];
    private TimeSpan _last;

    /// <summary>Ends the phase running since the previous one ended (or since the import began).</summary>
    public void Done(string phase)
    {
        var now = _clock.Elapsed;
        _phases.Add((phase, now - _last));
        _last = now;
    }

    public IReadOnlyList<(string Phase, TimeSpan Took)> Phases => _phases;

    public override string ToString() =>
        string.Join(", ", _phases.Select(p => $"{p.Phase} {p.Took.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms"))
        + $"; total {_clock.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms";
}
