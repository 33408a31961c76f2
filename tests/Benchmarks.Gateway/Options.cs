using System.Globalization;

namespace NamndFollowUp.Benchmarks.Gateway;

public sealed record Options(int Workers, TimeSpan Duration, TimeSpan Warmup, TimeSpan Slice, string Output)
{
    public static Options Parse(string[] args)
    {
        var workers = 16;
        double seconds = 10, warmup = 3, slice = 1;
        var output = Path.Combine(SuiteProcesses.RepositoryRoot, "docs", "benchmarks-gateway.md");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--workers": workers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--slice": slice = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--output": output = Path.GetFullPath(args[i + 1]); break;
                default: throw new ArgumentException($"unknown option {args[i]}; options: --workers N --seconds S --warmup S --slice S --output FILE");
            }
        }
        return new Options(workers, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(slice), output);
    }
}
