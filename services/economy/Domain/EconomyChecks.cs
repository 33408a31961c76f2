using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// The rules a committee's stored figures keep, checked on every write and on submit, on the exact
/// stored values (no tolerance: rounding belongs to rendering). Each violation names the rule, the row and
/// the values, so an economist can find the line to fix.
/// </summary>
public static class EconomyChecks
{
    public const string ActualIsIncomeMinusCosts = "actual-is-income-minus-costs";
    public const string UnitsSumToActivity = "units-sum-to-activity";
    public const string UnitTreeRollsUp = "unit-tree-rolls-up";
    public const string AreaTotal = "area-total";
    public const string ResultIsAllocationMinusNetCost = "result-is-allocation-minus-net-cost";
    public const string CodeInOneArea = "code-in-one-area";

    /// <summary>A broken rule, located by the figure row it concerns (for line numbers in imports).</summary>
    public sealed record Violation(string Rule, FigureKey Row, string Field, string Description)
    {
        public FieldViolation ToFieldViolation(string? location = null) =>
            new(location ?? $"figures[{Row}].{Field}", $"rule {Rule}: {Description}");
    }

    public static IReadOnlyList<Violation> Check(IEnumerable<ActivityFigure> figures, IReadOnlyCollection<OrganisationalUnit> units)
    {
        var violations = new List<Violation>();
        var parents = units.ToDictionary(u => u.Code, u => u.ParentCode, StringComparer.Ordinal);
        foreach (var f in figures)
        {
            if (f is { Actual: { } actual, Costs: { } costs, Income: { } income } && actual != income - costs)
            {
                violations.Add(new Violation(ActualIsIncomeMinusCosts, FigureKey.Of(f), "actual",
                    $"Actual {Show(actual)} must equal Income {Show(income)} − Costs {Show(costs)} = {Show(income - costs)}"));
            }
        }
        foreach (var activity in figures.GroupBy(f => (f.Year, f.PeriodPoint, f.ActivityCode)))
        {
            var unitRows = activity.Where(f => f.UnitCode.Length > 0).ToDictionary(f => f.UnitCode, StringComparer.Ordinal);
            // Without the tree a unit's place is unknown; unregistered units are checked once registered.
            if (unitRows.Count == 0 || unitRows.Keys.Any(code => !parents.ContainsKey(code)))
            {
                continue;
            }
            // Each unit row belongs to its nearest ancestor that has a row; those without one make up the activity.
            var byParent = unitRows.Values.GroupBy(f => NearestWithRow(f.UnitCode, parents, unitRows) ?? "").ToList();
            foreach (var group in byParent)
            {
                var children = group.ToList();
                if (group.Key.Length == 0)
                {
                    var committeeRow = activity.SingleOrDefault(f => f.UnitCode.Length == 0);
                    if (committeeRow is not null)
                    {
                        CheckSum(violations, UnitsSumToActivity, committeeRow, children, "actual", f => f.Actual);
                    }
                }
                else
                {
                    var parent = unitRows[group.Key];
                    CheckSum(violations, UnitTreeRollsUp, parent, children, "actual", f => f.Actual);
                    CheckSum(violations, UnitTreeRollsUp, parent, children, "costs", f => f.Costs);
                    CheckSum(violations, UnitTreeRollsUp, parent, children, "income", f => f.Income);
                }
            }
        }
        return violations;
    }

    private static string? NearestWithRow(string unit, Dictionary<string, string?> parents, Dictionary<string, ActivityFigure> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { unit };
        for (var parent = parents.GetValueOrDefault(unit); parent is not null && seen.Add(parent); parent = parents.GetValueOrDefault(parent))
        {
            if (rows.ContainsKey(parent))
            {
                return parent;
            }
        }
        return null;
    }

    private static void CheckSum(List<Violation> violations, string rule, ActivityFigure total, List<ActivityFigure> parts, string field, Func<ActivityFigure, decimal?> measure)
    {
        if (measure(total) is not { } expected || parts.Any(p => measure(p) is null))
        {
            return;
        }
        var sum = parts.Sum(p => measure(p)!.Value);
        if (sum != expected)
        {
            var what = total.UnitCode.Length == 0 ? $"activity {total.ActivityCode}'s committee-level row" : $"unit {total.UnitCode} of activity {total.ActivityCode}";
            violations.Add(new Violation(rule, FigureKey.Of(total), field,
                $"{field} of {what} is {Show(expected)} but its units {string.Join(" + ", parts.Select(p => $"{p.UnitCode} {Show(measure(p)!.Value)}"))} sum to {Show(sum)} (difference {Show(expected - sum)})"));
        }
    }

    public static string Show(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A figure row's identity within a committee.</summary>
public readonly record struct FigureKey(int Year, int PeriodPoint, string ActivityCode, string UnitCode)
{
    public static FigureKey Of(ActivityFigure f) => new(f.Year, f.PeriodPoint, f.ActivityCode, f.UnitCode);

    public override string ToString() => $"{Year}/{PeriodPoint}/{ActivityCode}{(UnitCode.Length > 0 ? "/" + UnitCode : "")}";
}
