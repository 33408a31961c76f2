namespace NamndFollowUp.Economy.Domain;

/// <summary>What is stored for one committee and period: the input of every table.</summary>
public sealed record PeriodData(
    IReadOnlyCollection<ActivityFigure> Figures,
    IReadOnlyCollection<Allocation> Allocations,
    IReadOnlyCollection<BudgetAdjustment> Adjustments)
{
    public static readonly PeriodData Empty = new([], [], []);

    /// <summary>Committee-level rows only: unit rows break a row down and are never counted again.</summary>
    public IReadOnlyDictionary<string, ActivityFigure> ByCode { get; } =
        Figures.Where(f => f.UnitCode.Length == 0).ToDictionary(f => f.ActivityCode, StringComparer.Ordinal);

    public bool HasFigures => Figures.Count > 0;

    public decimal? Sum(IEnumerable<string> codes, Func<ActivityFigure, decimal?> measure)
    {
        var values = codes.Select(c => ByCode.TryGetValue(c, out var f) ? measure(f) : null).Where(v => v is not null).ToList();
        return values.Count == 0 ? null : values.Sum();
    }

    /// <summary>Allocation areas wholly inside a set of codes; an area split across the set cannot be apportioned.</summary>
    public (IReadOnlyList<Allocation> Inside, IReadOnlyList<Allocation> Split) AllocationsWithin(IReadOnlyCollection<string> codes)
    {
        var set = codes.ToHashSet(StringComparer.Ordinal);
        var touching = Allocations.Where(a => a.ActivityCodes.Any(set.Contains)).ToList();
        return (touching.Where(a => a.ActivityCodes.All(set.Contains)).ToList(), touching.Where(a => !a.ActivityCodes.All(set.Contains)).ToList());
    }

    public decimal Adjusted(Allocation a) => a.Adjusted(Adjustments);
}

/// <summary>One amount per column of the seed's tables: Utfall, Budget, Prognos, Utfall föregående år.</summary>
public sealed record Columns(decimal? Actual, decimal? Budget, decimal? Forecast, decimal? PreviousYear)
{
    public static Columns operator +(Columns a, Columns b) =>
        new(Add(a.Actual, b.Actual), Add(a.Budget, b.Budget), Add(a.Forecast, b.Forecast), Add(a.PreviousYear, b.PreviousYear));

    private static decimal? Add(decimal? x, decimal? y) => x is null ? y : y is null ? x : x + y;
}

public sealed record ActivityRowValues(string ActivityCode, Columns Values);

/// <summary>A "Resultat per verksamhet" table: rows booked (net cost negative), net cost, allocation, result.</summary>
public sealed record ActivityResultTable(string AreaName, IReadOnlyList<ActivityRowValues> Rows, Columns NetCost, Columns Allocation, Columns Result, string? AllocationNote);

public sealed record InterventionCostTable(string AreaName, IReadOnlyList<ActivityRowValues> Rows, Columns Total);

public static class EconomyTables
{
    /// <summary>
    /// One table per layout area. The allocation of a layout area is the sum of the allocation areas it
    /// wholly contains (actual: as adjusted; budget: as budgeted; forecast: as the forecast assumed).
    /// </summary>
    public static IReadOnlyList<ActivityResultTable> ResultPerActivity(IEnumerable<LayoutArea> layout, PeriodData current, PeriodData previousYear) =>
        layout.OrderBy(a => a.SortOrder).Select(area =>
        {
            var rows = area.ActivityCodes.Select(code => new ActivityRowValues(code, new Columns(
                Measure(current, code, f => f.Actual), Measure(current, code, f => f.Budget),
                Measure(current, code, f => f.Forecast), Measure(previousYear, code, f => f.Actual)))).ToList();
            var netCost = rows.Aggregate(new Columns(null, null, null, null), (sum, r) => sum + r.Values);

            var (inside, split) = current.AllocationsWithin(area.ActivityCodes);
            var (insidePrevious, _) = previousYear.AllocationsWithin(area.ActivityCodes);
            var allocation = new Columns(
                inside.Count == 0 ? null : inside.Sum(current.Adjusted),
                inside.Count == 0 ? null : inside.Sum(a => a.Amount),
                inside.Count == 0 ? null : inside.Sum(a => a.ForecastAmount ?? a.Amount),
                insidePrevious.Count == 0 ? null : insidePrevious.Sum(previousYear.Adjusted));
            var result = new Columns(
                allocation.Actual + netCost.Actual, allocation.Budget + netCost.Budget,
                allocation.Forecast + netCost.Forecast, allocation.PreviousYear + netCost.PreviousYear);
            var note = split.Count == 0 ? null
                : $"the allocation areas {string.Join(", ", split.Select(a => $"'{a.AreaName}'"))} are only partly in this area and are not counted in its allocation";
            return new ActivityResultTable(area.AreaName, rows, netCost, allocation, result, note);
        }).ToList();

    /// <summary>Insatskostnad per layout area, shown as a cost (negative), as the seed does.</summary>
    public static IReadOnlyList<InterventionCostTable> InterventionCosts(IEnumerable<LayoutArea> layout, PeriodData current, PeriodData previousYear) =>
        layout.OrderBy(a => a.SortOrder).Select(area =>
        {
            var rows = area.ActivityCodes
                .Where(code => current.ByCode.GetValueOrDefault(code)?.InterventionCost is not null || previousYear.ByCode.GetValueOrDefault(code)?.InterventionCost is not null)
                .Select(code => new ActivityRowValues(code, new Columns(
                    -Measure(current, code, f => f.InterventionCost), -Measure(current, code, f => f.InterventionCostBudget),
                    -Measure(current, code, f => f.InterventionCostForecast), -Measure(previousYear, code, f => f.InterventionCost)))).ToList();
            return new InterventionCostTable(area.AreaName, rows, rows.Aggregate(new Columns(null, null, null, null), (sum, r) => sum + r.Values));
        }).Where(t => t.Rows.Count > 0).ToList();

    private static decimal? Measure(PeriodData data, string code, Func<ActivityFigure, decimal?> measure) =>
        data.ByCode.TryGetValue(code, out var f) ? measure(f) : null;

    /// <summary>The previous follow-up of the same year: months in order, delår after August, helår last.</summary>
    public static double Order(int point) => point switch { 13 => 8.5, 14 => 12.5, _ => point };
}
