using NamndFollowUp.Economy.Domain;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import.Sie;

/// <summary>Where a sum of an SIE file came from: each is a complete view of the same amounts, so only one is used.</summary>
public enum SieSource
{
    /// <summary>#TRANS rows of vouchers: each posting once, with all its objects.</summary>
    Transactions,
    /// <summary>#PSALDO/#PBUDGET whose object list is exactly the activity and the unit dimension.</summary>
    ActivityAndUnitBalances,
    /// <summary>#PSALDO/#PBUDGET whose object list is exactly the activity dimension.</summary>
    ActivityBalances,
    /// <summary>#PSALDO/#PBUDGET of the account over all objects ({}), placed on the default activity.</summary>
    AccountTotals,
    /// <summary>#RES of the year (SIE 1 has nothing finer), placed on the default activity as the full year.</summary>
    YearResults,
}

/// <summary>
/// The mapped amounts of an SIE file, summed while it streams past per source, month, activity and unit,
/// so a file of a million transactions is held as the few thousand figure rows they add up to. At the end
/// one source is chosen (transactions before balances, the finest balances before coarser ones) and turned
/// into figure rows: each month's row is the fiscal year to date, and the fiscal year's last month is also
/// the helår row of the year it ends in.
/// </summary>
public sealed class SieTotals
{
    private sealed class Sums
    {
        public int LastLine;
        public decimal Costs, Income, Budget;
        public bool HasBooked, HasBudget;
    }

    private readonly record struct Key(SieSource Source, int Month, string Activity, string Unit);

    private readonly Dictionary<Key, Sums> _sums = [];
    private readonly Dictionary<(SieSource, bool Budget), long> _lines = [];

    /// <summary>Months as year × 12 + month − 1, so a fiscal year that is not a calendar year keeps its order.</summary>
    public static int MonthOf(int year, int month) => year * 12 + month - 1;

    public void Add(int line, SieSource source, int month, string activity, string unit, AccountKind kind, decimal amount, bool isBudget)
    {
        var key = new Key(source, month, activity, unit);
        if (!_sums.TryGetValue(key, out var sums))
        {
            _sums[key] = sums = new Sums();
        }
        sums.LastLine = line;
        _lines[(source, isBudget)] = _lines.GetValueOrDefault((source, isBudget)) + 1;
        if (isBudget)
        {
            sums.Budget -= amount;
            sums.HasBudget = true;
        }
        else if (kind == AccountKind.Cost)
        {
            sums.Costs += amount;
            sums.HasBooked = true;
        }
        else
        {
            sums.Income -= amount;
            sums.HasBooked = true;
        }
    }

    public long Lines(SieSource source, bool budget) => _lines.GetValueOrDefault((source, budget));

    /// <summary>The source the figures are taken from, booked or budget; null when nothing was mapped.</summary>
    public SieSource? Chosen(bool budget)
    {
        foreach (var source in Enum.GetValues<SieSource>())
        {
            if (source == SieSource.ActivityAndUnitBalances && Lines(SieSource.ActivityBalances, budget) > 0)
            {
                continue; // the activity's own balances give its rows; these give its units' rows
            }
            if (Lines(source, budget) > 0)
            {
                return source;
            }
        }
        return null;
    }

    /// <summary>The figure rows, year to date per fiscal year (<paramref name="years"/>: first and last month of each).</summary>
    public List<(int Line, PeriodKey Period, string Activity, string Unit, FigureMeasures Measures)> Figures(IReadOnlyList<(int First, int Last)> years)
    {
        var rows = new Dictionary<(int Month, string Activity, string Unit), Sums>();
        void Take(SieSource? source, bool budget, bool activityLevel, bool unitLevel)
        {
            foreach (var (key, sums) in _sums.Where(s => s.Key.Source == source && (budget ? s.Value.HasBudget : s.Value.HasBooked)))
            {
                if (activityLevel) Merge(rows, (key.Month, key.Activity, ""), sums, budget);
                if (unitLevel && key.Unit.Length > 0) Merge(rows, (key.Month, key.Activity, key.Unit), sums, budget);
            }
        }
        foreach (var budget in new[] { false, true })
        {
            var chosen = Chosen(budget);
            Take(chosen, budget, activityLevel: true, unitLevel: chosen is SieSource.Transactions or SieSource.ActivityAndUnitBalances);
            if (chosen == SieSource.ActivityBalances)
            {
                Take(SieSource.ActivityAndUnitBalances, budget, activityLevel: false, unitLevel: true);
            }
        }

        var figures = new List<(int, PeriodKey, string, string, FigureMeasures)>();
        foreach (var (first, last) in years)
        {
            var inYear = rows.Where(r => r.Key.Month >= first && r.Key.Month <= last).ToList();
            if (inYear.Count == 0)
            {
                continue;
            }
            var lastWithData = inYear.Max(r => r.Key.Month);
            foreach (var row in inYear.GroupBy(r => (r.Key.Activity, r.Key.Unit)))
            {
                var byMonth = row.ToDictionary(r => r.Key.Month, r => r.Value);
                var running = new Sums();
                for (var month = byMonth.Keys.Min(); month <= lastWithData; month++)
                {
                    if (byMonth.TryGetValue(month, out var sums))
                    {
                        running = Plus(running, sums);
                    }
                    figures.Add((running.LastLine, new PeriodKey(month / 12, month % 12 + 1), row.Key.Activity, row.Key.Unit, Measures(running)));
                    if (month == last)
                    {
                        figures.Add((running.LastLine, new PeriodKey(month / 12, PeriodKey.FullYear), row.Key.Activity, row.Key.Unit, Measures(running)));
                    }
                }
            }
        }
        return figures;
    }

    /// <summary>The year's result (SIE 1): only the helår row, at the fiscal year's last month.</summary>
    public void AddYearResult(int line, int lastMonth, string activity, AccountKind kind, decimal amount) =>
        Add(line, SieSource.YearResults, lastMonth, activity, "", kind, amount, isBudget: false);

    private static void Merge(Dictionary<(int, string, string), Sums> rows, (int, string, string) key, Sums sums, bool budget)
    {
        if (!rows.TryGetValue(key, out var row))
        {
            rows[key] = row = new Sums();
        }
        row.LastLine = Math.Max(row.LastLine, sums.LastLine);
        if (budget)
        {
            row.Budget += sums.Budget;
            row.HasBudget |= sums.HasBudget;
        }
        else
        {
            row.Costs += sums.Costs;
            row.Income += sums.Income;
            row.HasBooked |= sums.HasBooked;
        }
    }

    private static Sums Plus(Sums a, Sums b) => new()
    {
        LastLine = Math.Max(a.LastLine, b.LastLine),
        Costs = a.Costs + b.Costs, Income = a.Income + b.Income, Budget = a.Budget + b.Budget,
        HasBooked = a.HasBooked || b.HasBooked, HasBudget = a.HasBudget || b.HasBudget,
    };

    private static FigureMeasures Measures(Sums s) => new(
        s.HasBooked ? s.Income - s.Costs : null,
        s.HasBudget ? s.Budget : null,
        Costs: s.HasBooked ? s.Costs : null,
        Income: s.HasBooked ? s.Income : null);
}
