using NamndFollowUp.Contracts.Economy.V1;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// A unit's deviation against budget as the committee page shows it: the one the report states when it states one
/// (a result report gives no Actual or Budget), else Actual − Budget of the unit's own rows; a division that only
/// sums its units is left out of the ranking so that no deficit is counted twice (as economy's
/// ListLargestUnitDeviations does across the municipality).
/// </summary>
public sealed record UnitDeviationShown(UnitDeviation Unit, decimal? Deviation, string Source, decimal? Previous)
{
    public const string Stated = "angiven";
    public const string ActualMinusBudget = "utfall − budget";
    public const string SumOfUnits = "summa av enheterna";

    public static UnitDeviationShown Of(UnitDeviation u) =>
        Kronor.Parse(u.StatedDeviation) is { } stated
            ? new(u, stated, Stated, Kronor.Parse(u.PreviousFollowUpStatedDeviation) ?? Kronor.Parse(u.PreviousFollowUpDeviation))
            : new(u, Kronor.Parse(u.Deviation), Kronor.Parse(u.Deviation) is null ? "" : u.RolledUp ? SumOfUnits : ActualMinusBudget,
                Kronor.Parse(u.PreviousFollowUpDeviation));

    /// <summary>The <paramref name="count"/> units with the largest deficits first (most negative), then the rest by size.</summary>
    public static IReadOnlyList<UnitDeviationShown> Largest(UnitDeviationTable table, int count) =>
        table.Units.Select(Of).Where(u => u.Deviation is not null && u.Source != SumOfUnits)
            .OrderBy(u => u.Deviation).ThenBy(u => u.Unit.UnitCode, StringComparer.Ordinal).Take(count).ToList();
}
