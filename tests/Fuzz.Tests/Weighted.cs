using CsCheck;

namespace NamndFollowUp.Fuzz.Tests;

public static class Weighted
{
    /// <summary>Gen.Frequency over generators (its overload over constants would otherwise be chosen).</summary>
    public static Gen<T> Of<T>(params (int Weight, Gen<T> Gen)[] choices) =>
        Gen.Frequency(choices.Select(c => (c.Weight, (IGen<T>)c.Gen)).ToArray());
}
