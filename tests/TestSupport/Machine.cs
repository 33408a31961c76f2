using System.Diagnostics;

namespace NamndFollowUp.TestSupport;

/// <summary>What a benchmark report says of the machine it ran on (2 shared cores: how busy it was matters).</summary>
public static class Machine
{
    /// <summary>
    /// Lines for a report's code block: `nproc`, `free -h`, the CPU model and the load average before and now, as
    /// commands with their output, so a rerun on another machine shows at once what differs.
    /// </summary>
    public static string Summary(string loadBefore) => string.Join('\n',
        $"$ nproc\n{Shell("nproc")}",
        $"$ free -h\n{Shell("free", "-h")}",
        $"$ grep -m1 'model name' /proc/cpuinfo\n{CpuModelLine()}",
        $"load average (1, 5, 15 min) before the run: {loadBefore}; after: {LoadAverage()}");

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "(unknown)";

    /// <summary>The CPU's "model name" line of /proc/cpuinfo, as `grep -m1 'model name' /proc/cpuinfo` prints it.</summary>
    public static string CpuModelLine() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) ?? "(no model name)"
            : "(no /proc/cpuinfo)";

    /// <summary>Just the model, e.g. "AMD EPYC 7763 64-Core Processor".</summary>
    public static string CpuModel() => CpuModelLine().Split(':', 2) is [_, var model] ? model.Trim() : "?";

    /// <summary>A program's output (e.g. `free -h`), or a note that it is not installed.</summary>
    public static string Shell(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd().TrimEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"({program} not available)";
        }
    }
}
