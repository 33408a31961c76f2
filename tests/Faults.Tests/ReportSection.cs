namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// The figures of one scenario, added as they are measured: a scenario that throws half-way still leaves in the report
/// what it had seen up to then (<see cref="FaultReport.RunAsync"/>).
/// </summary>
public sealed class ReportSection
{
    private readonly List<(string Measure, string Result)> _rows = [];

    public IReadOnlyList<(string Measure, string Result)> Rows
    {
        get
        {
            lock (_rows)
            {
                return [.. _rows];
            }
        }
    }

    public void Row(string measure, string result)
    {
        lock (_rows)
        {
            _rows.Add((measure, result));
        }
    }

    public void Add(IEnumerable<(string Measure, string Result)> rows)
    {
        foreach (var (measure, result) in rows)
        {
            Row(measure, result);
        }
    }

    /// <summary>
    /// A time the issue sets (503 within 1 s, served again within 5 s, backlog within 30 s): written as met or NOT MET,
    /// and asserted only when <see cref="Scale.AssertsTimes"/>. Correctness (nothing lost, nothing twice, no 500, all or
    /// nothing) is asserted at every scale; a time measured in CI on shared cores is the machine's as much as ours, and
    /// speed is the benchmarks' and the full run's to judge, not a test's that fails at random.
    /// </summary>
    public void Target(string target, bool met, string measured)
    {
        Row($"target: {target}", $"{(met ? "met" : "**NOT MET**")} ({measured})");
        if (Scale.AssertsTimes)
        {
            Xunit.Assert.True(met, $"{target}: {measured}");
        }
    }
}
