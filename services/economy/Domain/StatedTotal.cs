namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// A total as the report states it beside the sum of its rows: reports round per row (mnkr with one decimal), so
/// the stated committee result and the sum of the rounded unit rows may differ by a tenth. The difference is shown
/// as rounding; no plug row is ever required or made.
/// </summary>
public sealed record StatedTotal(decimal? Stated, decimal? Derived, string DerivedFrom)
{
    /// <summary>Stated − derived, when both are given.</summary>
    public decimal? RoundingDifference => Stated - Derived;

    /// <summary>
    /// The committee's stated figure (<paramref name="stated"/>, unit "") beside the sum over the top units that state
    /// the figure: those none of whose ancestors states it, so a division and its units are never counted twice.
    /// </summary>
    public static StatedTotal Of(IReadOnlyCollection<OrganisationalUnit> units, IReadOnlyCollection<StatedDeviation> rows, Func<StatedDeviation, decimal?> figure, string what)
    {
        var byUnit = rows.Where(r => r.UnitCode.Length > 0 && figure(r) is not null).ToDictionary(r => r.UnitCode, StringComparer.Ordinal);
        var parents = units.ToDictionary(u => u.Code, u => u.ParentCode, StringComparer.Ordinal);
        bool AncestorStates(string code)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var p = parents.GetValueOrDefault(code); p is not null && seen.Add(p); p = parents.GetValueOrDefault(p))
            {
                if (byUnit.ContainsKey(p))
                {
                    return true;
                }
            }
            return false;
        }
        var top = byUnit.Keys.Where(code => !AncestorStates(code)).Order(StringComparer.Ordinal).ToList();
        var stated = rows.SingleOrDefault(r => r.UnitCode.Length == 0) is { } committee ? figure(committee) : null;
        return new StatedTotal(stated, top.Count == 0 ? null : top.Sum(code => figure(byUnit[code])!.Value),
            top.Count == 0 ? "" : $"{what} of units {string.Join(", ", top)}");
    }
}
