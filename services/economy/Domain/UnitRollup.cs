namespace NamndFollowUp.Economy.Domain;

public sealed record UnitFigures(decimal? Actual, decimal? Budget, bool RolledUp)
{
    /// <summary>Actual − Budget on booked amounts: negative when costs ran above budget.</summary>
    public decimal? Deviation => Actual - Budget;
}

/// <summary>
/// A unit's figures over every activity: its own rows where it has them, otherwise its children's sum, so
/// a department without rows of its own shows what its divisions and units booked.
/// </summary>
public static class UnitRollup
{
    public static IReadOnlyDictionary<string, UnitFigures> Compute(IReadOnlyCollection<OrganisationalUnit> units, IReadOnlyCollection<ActivityFigure> unitRows)
    {
        var children = units.Where(u => u.ParentCode is not null).ToLookup(u => u.ParentCode!, StringComparer.Ordinal);
        var own = unitRows.GroupBy(f => f.UnitCode).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var result = new Dictionary<string, UnitFigures>(StringComparer.Ordinal);

        UnitFigures Of(string code, HashSet<string> path)
        {
            if (result.TryGetValue(code, out var known))
            {
                return known;
            }
            UnitFigures figures;
            if (own.TryGetValue(code, out var rows))
            {
                figures = new UnitFigures(Sum(rows.Select(r => r.Actual)), Sum(rows.Select(r => r.Budget)), false);
            }
            else
            {
                var parts = children[code].Where(c => path.Add(c.Code)).Select(c => Of(c.Code, path)).ToList();
                figures = new UnitFigures(Sum(parts.Select(p => p.Actual)), Sum(parts.Select(p => p.Budget)), parts.Count > 0);
            }
            return result[code] = figures;
        }

        foreach (var unit in units)
        {
            Of(unit.Code, [unit.Code]);
        }
        return result;
    }

    private static decimal? Sum(IEnumerable<decimal?> values)
    {
        var given = values.Where(v => v is not null).ToList();
        return given.Count == 0 ? null : given.Sum();
    }
}
