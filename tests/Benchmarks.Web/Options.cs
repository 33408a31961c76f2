using System.Globalization;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Benchmarks.Web;

public sealed record Options(int Navigations, string Output)
{
    public static Options Parse(string[] args)
    {
        var navigations = 11;
        var output = Path.Combine(Repository.Root, "docs", "benchmarks-web.md");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--navigations": navigations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--output": output = Path.GetFullPath(args[i + 1]); break;
                default: throw new ArgumentException($"unknown option {args[i]}; options: --navigations N --output FILE");
            }
        }
        if (navigations < 1)
        {
            throw new ArgumentException("--navigations must be at least 1");
        }
        return new Options(navigations, output);
    }
}
