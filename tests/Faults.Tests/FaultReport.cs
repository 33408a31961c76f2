using System.Globalization;
using System.Text;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// The figures of a run, one section per scenario, written after every scenario and when the suite stops: to
/// faults-report.md beside the test output always, and to docs/faults.md when NF_FAULTS_DOCS=1 (a full-scale run on
/// demand). Every scenario runs through <see cref="RunAsync"/>, so its section says whether it passed, and a scenario
/// that failed or threw still appears, with what it had measured and why it failed: a full-scale run once lost a whole
/// scenario because it threw before writing its section.
/// </summary>
public sealed class FaultReport : IDisposable
{
    private readonly Scale _scale;
    private readonly string _loadBefore = Machine.LoadAverage();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly SortedDictionary<string, (string Title, bool Passed, string Text)> _sections = new(StringComparer.Ordinal);
    private readonly List<double> _load = [];
    private readonly Timer _loadSampler;

    public FaultReport(Scale scale)
    {
        _scale = scale;
        // The load while the scenarios run, not only before and after: on a shared machine it says how far the
        // wall-clock figures are the machine's and not the suite's.
        _loadSampler = new Timer(_ => SampleLoad(), null, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Runs one scenario and writes its section whatever happens: the rows it added, then "passed", or "FAILED" with the
    /// exception's message (an assertion's or anything thrown). The exception is rethrown, so the test fails as before.
    /// </summary>
    public async Task RunAsync(string order, string title, string? note, Func<ReportSection, Task> scenario)
    {
        var section = new ReportSection();
        try
        {
            await scenario(section);
        }
        catch (Exception e)
        {
            Write(order, title, note, section.Rows, failure: e);
            throw;
        }
        Write(order, title, note, section.Rows, failure: null);
    }

    private void Write(string order, string title, string? note, IReadOnlyList<(string Measure, string Result)> rows, Exception? failure)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {title}").AppendLine();
        text.AppendLine(failure is null
            ? "**Result: passed** (every assertion of the scenario held)."
            : $"**Result: FAILED** ({failure.GetType().Name}): {Cell(failure.Message)}");
        text.AppendLine();
        if (note is not null)
        {
            text.AppendLine(note).AppendLine();
        }
        if (rows.Count == 0)
        {
            text.AppendLine("(no figures: the scenario ended before it had measured anything)").AppendLine();
        }
        else
        {
            text.AppendLine("| measure | result |").AppendLine("|---|---|");
            foreach (var (measure, result) in rows)
            {
                text.AppendLine($"| {Cell(measure)} | {Cell(result)} |");
            }
        }
        lock (_sections)
        {
            _sections[order] = (title, failure is null, text.ToString());
            // After every scenario, so a run stopped half-way still leaves what it measured.
            WriteSections();
        }
    }

    /// <summary>One line of a Markdown table cell: an assertion's message spans lines and may hold a pipe.</summary>
    private static string Cell(string text) =>
        string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Replace("|", "\\|", StringComparison.Ordinal);

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

    private void SampleLoad()
    {
        if (double.TryParse(Machine.LoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var oneMinute))
        {
            lock (_load)
            {
                _load.Add(oneMinute);
            }
        }
    }

    private string LoadDuringRun()
    {
        lock (_load)
        {
            if (_load.Count == 0)
            {
                return "(not sampled)";
            }
            var sorted = _load.Order().ToList();
            return string.Create(CultureInfo.InvariantCulture,
                $"1-minute load average sampled every 10 s during the run ({sorted.Count} samples): min {sorted[0]:0.0}, median {sorted[sorted.Count / 2]:0.0}, max {sorted[^1]:0.0}");
        }
    }

    private void WriteSections()
    {
        var text = new StringBuilder();
        text.AppendLine("# Faults survived: figures of the fault-injection harness").AppendLine();
        text.AppendLine($"""
            Written by `tests/Faults.Tests` ({_scale.Name} scale) on {_started:yyyy-MM-dd HH:mm} UTC: two replicas of economy, planning and
            keyfigures and two gateways (each gateway with both replicas of every service as destinations) against a PostgreSQL 15
            cluster and a RabbitMQ node of the harness's own (initdb and a named node in temporary directories, other ports: the
            shared servers are never stopped). Load goes through both gateways. Rerun: `NF_FAULTS_SCALE=full NF_FAULTS_DOCS=1
            flock /tmp/heavy.lock dotnet test tests/Faults.Tests` (CI runs the small scale through `scripts/test.sh`).
            Times are wall-clock on a machine shared with other work: see the machine below.

            """);
        text.AppendLine("Scenarios of this run:").AppendLine();
        foreach (var (title, passed, _) in _sections.Values)
        {
            text.AppendLine($"- {(passed ? "passed" : "**FAILED**")}: {title}");
        }
        text.AppendLine();
        foreach (var (_, _, section) in _sections.Values)
        {
            text.AppendLine(section);
        }
        text.AppendLine("## The machine").AppendLine().AppendLine("```").AppendLine(Machine.Summary(_loadBefore)).AppendLine(LoadDuringRun()).AppendLine("```");
        var report = text.ToString();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "faults-report.md"), report);
        if (Scale.WriteDocs)
        {
            File.WriteAllText(Path.Combine(Repository.Root, "docs", "faults.md"), report);
        }
    }

    public void Dispose() => _loadSampler.Dispose();
}
