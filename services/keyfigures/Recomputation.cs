using Microsoft.EntityFrameworkCore;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures;

/// <summary>One definition's computation for a committee and period, with its stored value.</summary>
public sealed record SheetEntry(KeyFigureDefinition Definition, KeyFigureComputation Computation, ComputedKeyFigure Stored);

/// <summary>
/// Recomputes a committee's key figures for a period from what the unit of work holds (entered inputs and
/// economy rows, including those added but not yet saved), stores every changed value and queues one
/// KeyFigureValuesRecomputed event with them in the same SaveChanges.
/// </summary>
public sealed class Recomputation(KeyFiguresDbContext db, TimeProvider time)
{
    public Task<List<KeyFigureDefinition>> DefinitionsAsync(string municipality, CancellationToken ct) =>
        db.Definitions.Where(d => d.MunicipalityCode == municipality)
            .OrderBy(d => d.ActivityCode).ThenBy(d => d.SortOrder).ThenBy(d => d.Code).ToListAsync(ct);

    public async Task<List<SheetEntry>> RecomputeAsync(string m, string c, int year, int point,
        IReadOnlyList<KeyFigureDefinition> definitions, CancellationToken ct, bool lockValues = true)
    {
        if (definitions.Count == 0)
        {
            return [];
        }
        if (lockValues)
        {
            // Values first, locked: a concurrent writer of an input (a volume, an economy event) then waits for
            // this transaction and reads its inputs after it, so no value is stored from a stale read.
            await db.ComputedKeyFigures.FromSql($"""
                SELECT * FROM computed_key_figures
                WHERE "MunicipalityCode" = {m} AND "CommitteeCode" = {c} AND "Year" = {year} AND "PeriodPoint" = {point}
                FOR UPDATE
                """).LoadAsync(ct);
        }
        var period = new PeriodKey(year, point);
        await db.EnteredInputs.ForPeriod(m, c, period).LoadAsync(ct);
        await db.EconomyFigures.ForPeriod(m, c, period).LoadAsync(ct);
        await db.ComputedKeyFigures.ForPeriod(m, c, period).LoadAsync(ct);

        var economy = db.EconomyFigures.Local
            .Where(x => x.MunicipalityCode == m && x.CommitteeCode == c && x.Year == year && x.PeriodPoint == point)
            .ToDictionary(x => (x.ActivityCode, x.UnitCode), x => x.Amounts);
        var entered = db.EnteredInputs.Local
            .Where(x => x.MunicipalityCode == m && x.CommitteeCode == c && x.Year == year && x.PeriodPoint == point)
            .GroupBy(x => x.DefinitionCode)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, decimal>)g.ToDictionary(x => x.InputName, x => x.Value));
        var stored = db.ComputedKeyFigures.Local
            .Where(x => x.MunicipalityCode == m && x.CommitteeCode == c && x.Year == year && x.PeriodPoint == point)
            .ToDictionary(x => x.DefinitionCode);
        var now = time.GetUtcNow();
        var entries = new List<SheetEntry>();
        var changed = new List<ComputedKeyFigure>();
        foreach (var definition in definitions)
        {
            var computation = KeyFigureCalculator.Compute(definition,
                entered.GetValueOrDefault(definition.Code) ?? new Dictionary<string, decimal>(),
                (activity, unit) => economy.GetValueOrDefault((activity, unit)));
            if (!stored.TryGetValue(definition.Code, out var value))
            {
                value = ComputedKeyFigure.Create(m, c, year, point, definition);
                db.ComputedKeyFigures.Add(value);
            }
            if (value.Apply(computation, now))
            {
                changed.Add(value);
            }
            entries.Add(new SheetEntry(definition, computation, value));
        }
        if (changed.Count > 0)
        {
            db.Publish(ComputedKeyFigure.RecomputedEvent(changed));
        }
        return entries;
    }

    /// <summary>
    /// After a definition changed: recomputes it for every committee and period that has an input for it,
    /// so stored values never lag their definition.
    /// </summary>
    public async Task RecomputeEverywhereAsync(KeyFigureDefinition definition, CancellationToken ct)
    {
        var m = definition.MunicipalityCode;
        var bindings = definition.Inputs.Where(i => i.Kind == InputKind.Economy).Select(i => i.ActivityCode!).Distinct().ToList();
        var scopes = await db.EnteredInputs.Where(x => x.MunicipalityCode == m && x.DefinitionCode == definition.Code)
            .Select(x => new { x.CommitteeCode, x.Year, x.PeriodPoint })
            .Union(db.EconomyFigures.Where(x => x.MunicipalityCode == m && bindings.Contains(x.ActivityCode))
                .Select(x => new { x.CommitteeCode, x.Year, x.PeriodPoint }))
            .Union(db.ComputedKeyFigures.Where(x => x.MunicipalityCode == m && x.DefinitionCode == definition.Code)
                .Select(x => new { x.CommitteeCode, x.Year, x.PeriodPoint }))
            .Distinct().ToListAsync(ct);
        foreach (var s in scopes)
        {
            await RecomputeAsync(m, s.CommitteeCode, s.Year, s.PeriodPoint, [definition], ct);
        }
    }
}
