using CsCheck;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// How long the tier runs and which examples it draws. By default (CI) every property runs a fixed list of seeds,
/// the same on every run, so the tier is deterministic: a red CI run is red again on a laptop. On demand:
/// NF_FUZZ_ITERATIONS=N runs N examples per RPC and property instead of 2 (e.g. 200 for a night),
/// NF_FUZZ_SEED=random draws fresh examples (and shrinks a failure), NF_FUZZ_SEED=&lt;seed&gt; replays the one
/// example a failure printed ("Set seed: …").
/// </summary>
public static class Budget
{
    /// <summary>
    /// 2 by default: CI's whole tier, start-up (about a minute) and seeding (about 45 s) included, stays near three
    /// minutes on the shared two-core machine (docs/fuzz-findings.md has the measured times).
    /// </summary>
    public static int Iterations { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("NF_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 2;

    private static readonly string? Setting = Environment.GetEnvironmentVariable("NF_FUZZ_SEED") is { Length: > 0 } s ? s : null;

    public static bool Random => Setting == "random";

    /// <summary>What the run draws, as the processes' log and the test output say it.</summary>
    public static string Describe => Setting switch
    {
        null => "fixed seeds (NF_FUZZ_SEED unset): the same examples every run",
        "random" => "random seeds (NF_FUZZ_SEED=random)",
        var seed => $"one example, seed {seed} (NF_FUZZ_SEED)",
    };

    /// <summary>Examples for properties that cost a snapshot of stored data per example.</summary>
    public static int Scaled(double factor) => Math.Max(1, (int)Math.Round(Iterations * factor));

    /// <summary>
    /// Runs <paramref name="sample"/> (a CsCheck SampleAsync given its iter and seed) as the setting says: with the
    /// fixed seeds of <paramref name="property"/> one example each, with random ones <paramref name="iterations"/>
    /// at once, or the one seed to replay.
    /// </summary>
    public static async Task SampleAsync(string property, int iterations, Func<long, string?, Task> sample)
    {
        if (Random)
        {
            await sample(iterations, null);
            return;
        }
        if (Setting is { } replay)
        {
            await sample(1, replay);
            return;
        }
        foreach (var seed in FixedSeeds(property, iterations))
        {
            try
            {
                await sample(1, seed);
            }
            catch (CsCheckException e)
            {
                // CsCheck names its own variable; this tier reads NF_FUZZ_SEED (and its processes need the suite's setup).
                throw new InvalidOperationException($"{property}: the fixed seed {seed} broke a property; replay it alone with NF_FUZZ_SEED={seed}\n{e.Message}", e);
            }
        }
    }

    /// <summary>
    /// The fixed seeds of one property: a PCG stream of its own (FNV-1a of its name, so properties draw different
    /// examples) and states 1…n spread over the 64 bits. Each prints as the seed CsCheck replays.
    /// </summary>
    public static IEnumerable<string> FixedSeeds(string property, int count)
    {
        var stream = 2166136261u;
        foreach (var c in property)
        {
            stream = (stream ^ c) * 16777619u;
        }
        for (var i = 1UL; i <= (ulong)count; i++)
        {
            yield return new PCG(stream, i * 0x9E3779B97F4A7C15UL).ToString();
        }
    }
}
