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
}
