namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// How big a run is. CI runs the small scale (scripts/test.sh, a few minutes on two shared cores); NF_FAULTS_SCALE=full
/// runs the issue's: 10 000 writes across a 60 s broker outage, a 15 s PostgreSQL stop besides the restart, a national-
/// size import killed mid-way. NF_FAULTS_DOCS=1 writes the report to docs/faults.md (else only beside the test output).
/// </summary>
public sealed record Scale(
    string Name,
    int OutageWrites,
    TimeSpan BrokerOutage,
    TimeSpan PostgresLoad,
    TimeSpan? PostgresStop,
    int DispatchBurst,
    int ImportRows,
    TimeSpan ServiceDown,
    int FirstWriters,
    int LoadWorkers)
{
    public static Scale Current { get; } = Environment.GetEnvironmentVariable("NF_FAULTS_SCALE") == "full"
        ? new("full", 10_000, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15), 5_000, 200_000, TimeSpan.FromSeconds(20), 32, 8)
        : new("small", 600, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(15), null, 500, 20_000, TimeSpan.FromSeconds(5), 12, 3);

    /// <summary>
    /// Whether the times are asserted (<see cref="ReportSection.Target"/>): at full scale, or with
    /// NF_FAULTS_TIMES=1. At the small scale in CI they are measured and written, not asserted.
    /// </summary>
    public static bool AssertsTimes => Current.Name == "full" || Environment.GetEnvironmentVariable("NF_FAULTS_TIMES") == "1";

    public static bool WriteDocs => Environment.GetEnvironmentVariable("NF_FAULTS_DOCS") == "1";
}
