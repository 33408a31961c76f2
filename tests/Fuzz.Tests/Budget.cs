namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// How long the tier runs. CI's default keeps the whole tier near two minutes; NF_FUZZ_ITERATIONS=N runs N examples
/// per RPC and property instead (e.g. 200 for a night), NF_FUZZ_SEED replays the seed a failure printed.
/// </summary>
public static class Budget
{
    public static int Iterations { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("NF_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 5;

    public static string? Seed { get; } = Environment.GetEnvironmentVariable("NF_FUZZ_SEED") is { Length: > 0 } s ? s : null;

    /// <summary>Examples for properties that cost a snapshot of stored data per example.</summary>
    public static int Scaled(double factor) => Math.Max(1, (int)Math.Round(Iterations * factor));
}
