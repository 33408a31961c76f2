namespace NamndFollowUp.Benchmarks.KeyFigures;

public sealed record Settings(int Municipalities, int Committees, int Activities, int SteadySeconds, int Rate, int Replicas = 1)
{
    public int Events => Municipalities * Committees * Activities;

    public static Settings From(string[] args)
    {
        int Arg(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        }
        return new Settings(Arg("--municipalities", 290), Arg("--committees", 10), Arg("--activities", 40),
            Arg("--steady-seconds", 20), Arg("--rate", 1000), Arg("--replicas", 1));
    }
}
