using NamndFollowUp.Economy.Domain;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// Ledger balances (CSV "ledger" lines, SIE #PSALDO/#PBUDGET) summed while the file streams past, so a
/// million ledger rows become the few thousand figure rows they add up to without being held in memory.
/// Per period and activity: the committee-level row sums every balance, each unit's row its own. Costs are
/// the debit of accounts 4000–8999, income the credit of 3000–3999, Actual = Income − Costs (booked: a net
/// cost is negative), Budget the negated budget balance.
/// </summary>
public sealed class LedgerTotals
{
    private sealed class Sums
    {
        public int LastLine;
        public decimal Costs, Income, Budget;
        public bool HasBooked, HasBudget;
    }

    private readonly Dictionary<(PeriodKey Period, string Activity, string Unit), Sums> _sums = [];

    public int Count { get; private set; }

    public void Add(int line, PeriodKey period, string activity, string unit, int account, decimal amount, bool isBudget)
    {
        Count++;
        Add(line, (period, activity, ""), account, amount, isBudget);
        if (unit.Length > 0)
        {
            Add(line, (period, activity, unit), account, amount, isBudget);
        }
    }

    private void Add(int line, (PeriodKey, string, string) key, int account, decimal amount, bool isBudget)
    {
        if (!_sums.TryGetValue(key, out var sums))
        {
            _sums[key] = sums = new Sums();
        }
        sums.LastLine = line;
        if (isBudget)
        {
            sums.Budget -= amount;
            sums.HasBudget = true;
        }
        else if (account >= 4000)
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

    public ImportBatch AddTo(ImportBatch batch) =>
        batch.WithFigures(_sums.OrderBy(s => s.Value.LastLine).Select(s => (s.Value.LastLine, s.Key.Period, s.Key.Activity, s.Key.Unit, Measures(s.Value))), partial: true);

    /// <summary>
    /// For month balances (SIE): each month's row is the year to date, as follow-ups report it, and
    /// December's is the helår row too.
    /// </summary>
    public ImportBatch AddYearToDateTo(ImportBatch batch)
    {
        var figures = new List<(int, PeriodKey, string, string, FigureMeasures)>();
        foreach (var year in _sums.GroupBy(s => s.Key.Period.Year))
        {
            var lastMonth = year.Max(s => s.Key.Period.Point);
            foreach (var row in year.GroupBy(s => (s.Key.Activity, s.Key.Unit)))
            {
                var running = new Sums();
                var byMonth = row.ToDictionary(s => s.Key.Period.Point, s => s.Value);
                for (var month = byMonth.Keys.Min(); month <= lastMonth; month++)
                {
                    if (byMonth.TryGetValue(month, out var sums))
                    {
                        running = new Sums
                        {
                            LastLine = Math.Max(running.LastLine, sums.LastLine),
                            Costs = running.Costs + sums.Costs, Income = running.Income + sums.Income, Budget = running.Budget + sums.Budget,
                            HasBooked = running.HasBooked || sums.HasBooked, HasBudget = running.HasBudget || sums.HasBudget,
                        };
                    }
                    figures.Add((running.LastLine, new PeriodKey(year.Key, month), row.Key.Activity, row.Key.Unit, Measures(running)));
                    if (month == 12)
                    {
                        figures.Add((running.LastLine, new PeriodKey(year.Key, PeriodKey.FullYear), row.Key.Activity, row.Key.Unit, Measures(running)));
                    }
                }
            }
        }
        return batch.WithFigures(figures, partial: true);
    }

    private static FigureMeasures Measures(Sums s) => new(
        s.HasBooked ? s.Income - s.Costs : null,
        s.HasBudget ? s.Budget : null,
        Costs: s.HasBooked ? s.Costs : null,
        Income: s.HasBooked ? s.Income : null);
}
