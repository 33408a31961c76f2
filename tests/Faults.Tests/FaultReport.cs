using System.Text;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// The figures of a run, one section per scenario, written when the suite stops: to faults-report.md beside the test
/// output always, and to docs/faults.md when NF_FAULTS_DOCS=1 (a full-scale run on demand).
/// </summary>
public sealed class FaultReport(Scale scale)
{
    private readonly string _loadBefore = Machine.LoadAverage();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly SortedDictionary<string, string> _sections = new(StringComparer.Ordinal);

    public void Section(string order, string title, IEnumerable<(string Measure, string Result)> rows, string? note = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {title}").AppendLine();
        if (note is not null)
        {
            text.AppendLine(note).AppendLine();
        }
        text.AppendLine("| measure | result |").AppendLine("|---|---|");
        foreach (var (measure, result) in rows)
        {
            text.AppendLine($"| {measure} | {result} |");
        }
        lock (_sections)
        {
            _sections[order] = text.ToString();
            // After every scenario, so a run stopped half-way still leaves what it measured.
            Write();
        }
    }

    public void Write()
    {
        lock (_sections)
        {
            if (_sections.Count > 0)
            {
                WriteSections();
            }
        }
    }

    private void WriteSections()
    {
        var text = new StringBuilder();
        text.AppendLine("# Faults survived: figures of the fault-injection harness").AppendLine();
        text.AppendLine($"""
            Written by `tests/Faults.Tests` ({scale.Name} scale) on {_started:yyyy-MM-dd HH:mm} UTC: two replicas of economy, planning and
            keyfigures and two gateways (each gateway with both replicas of every service as destinations) against a PostgreSQL 15
            cluster and a RabbitMQ node of the harness's own (initdb and a named node in temporary directories, other ports: the
            shared servers are never stopped). Load goes through both gateways. Rerun: `NF_FAULTS_SCALE=full NF_FAULTS_DOCS=1
            flock /tmp/heavy.lock dotnet test tests/Faults.Tests` (CI runs the small scale through `scripts/test.sh`).
            Times are wall-clock on a machine shared with other work: see the machine below.

            """);
        foreach (var section in _sections.Values)
        {
            text.AppendLine(section);
        }
        text.AppendLine("## The machine").AppendLine().AppendLine("```").AppendLine(Machine.Summary(_loadBefore)).AppendLine("```");
        var report = text.ToString();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "faults-report.md"), report);
        if (Scale.WriteDocs)
        {
            File.WriteAllText(Path.Combine(Repository.Root, "docs", "faults.md"), report);
        }
    }
}
