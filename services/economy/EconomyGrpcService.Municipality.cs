using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Scopes;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>
/// Kommunledningskontoret's views across every committee of a municipality for a period, one call each. A committee
/// is in a view when it has records of the period or a registered name; each table is read once for all committees.
/// </summary>
public sealed partial class EconomyGrpcService
{
    private (string Municipality, PeriodKey Period, int Limit) MunicipalityScope(MunicipalityViewRequest request)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        if (request.Limit is < 0 or > 200)
        {
            v.Add("limit", $"must be between 1 and 200 (0 = 10), got {request.Limit}");
        }
        v.ThrowIfInvalid();
        return (municipality, period, request.Limit == 0 ? 10 : request.Limit);
    }

    /// <summary>What the result views need of every committee for one period.</summary>
    private sealed record MunicipalityPeriod(
        List<Domain.ActivityFigure> Figures, List<Domain.Allocation> Allocations, List<Domain.BudgetAdjustment> Adjustments, List<Domain.StatedDeviation> Stated)
    {
        public Domain.PeriodData For(string committee) =>
            new(Figures.Where(f => f.CommitteeCode == committee).ToList(), Allocations.Where(a => a.CommitteeCode == committee).ToList(),
                Adjustments.Where(a => a.CommitteeCode == committee).ToList());

        public IEnumerable<string> Committees => Figures.Select(f => f.CommitteeCode).Concat(Allocations.Select(a => a.CommitteeCode)).Concat(Stated.Select(s => s.CommitteeCode));
    }

    private async Task<MunicipalityPeriod> MunicipalityPeriodAsync(string municipality, PeriodKey period, CancellationToken ct) =>
        new(await db.ActivityFigures.AsNoTracking().ForMunicipalityPeriod(municipality, period).ToListAsync(ct),
            await db.Allocations.AsNoTracking().ForMunicipalityPeriod(municipality, period).ToListAsync(ct),
            await db.BudgetAdjustments.AsNoTracking().ForMunicipalityPeriod(municipality, period).ToListAsync(ct),
            await db.StatedDeviations.AsNoTracking().ForMunicipalityPeriod(municipality, period).ToListAsync(ct));

    /// <summary>Per committee, its previous follow-up: the latest earlier point of the year with figures or stated deviations.</summary>
    private async Task<Dictionary<string, PeriodKey>> PreviousFollowUpsAsync(string municipality, PeriodKey period, CancellationToken ct)
    {
        var points = await db.ActivityFigures.AsNoTracking().Where(f => f.MunicipalityCode == municipality && f.Year == period.Year)
            .Select(f => new { f.CommitteeCode, f.PeriodPoint })
            .Union(db.StatedDeviations.AsNoTracking().Where(s => s.MunicipalityCode == municipality && s.Year == period.Year).Select(s => new { s.CommitteeCode, s.PeriodPoint }))
            .Distinct().ToListAsync(ct);
        return points.Where(p => Domain.EconomyTables.Order(p.PeriodPoint) < Domain.EconomyTables.Order(period.Point))
            .GroupBy(p => p.CommitteeCode)
            .ToDictionary(g => g.Key, g => new PeriodKey(period.Year, g.Select(p => p.PeriodPoint).MaxBy(Domain.EconomyTables.Order)), StringComparer.Ordinal);
    }

    private async Task<List<Domain.OrganisationalUnit>> MunicipalityUnitsAsync(string municipality, CancellationToken ct) =>
        await db.Units.AsNoTracking().Where(u => u.MunicipalityCode == municipality).ToListAsync(ct);

    public override async Task<MunicipalityResultOverview> GetMunicipalityResultOverview(MunicipalityViewRequest request, ServerCallContext context)
    {
        var (municipality, period, _) = MunicipalityScope(request);
        var ct = context.CancellationToken;
        var names = await CommitteeNamesAsync(municipality, ct);
        var previousPoints = await PreviousFollowUpsAsync(municipality, period, ct);
        // The period and every committee's previous follow-up (all of the same year) in one read of each table, as
        // ListMunicipalityResultOverviews reads them, rather than four queries per point.
        var year = await MunicipalityYearAsync(municipality, period.Year,
            previousPoints.Values.Select(p => p.Point).Append(period.Point).Distinct().ToList(), ct);
        var units = (await MunicipalityUnitsAsync(municipality, ct)).ToLookup(u => u.CommitteeCode);
        return ResultOverview(municipality, await MunicipalityNameAsync(municipality, ct), period, names, year[period.Point], previousPoints, p => year[p.Point], units);
    }

    public override async Task<MunicipalityResultOverviews> ListMunicipalityResultOverviews(MunicipalityViewRequest request, ServerCallContext context)
    {
        var (municipality, period, _) = MunicipalityScope(request);
        var ct = context.CancellationToken;
        var names = await CommitteeNamesAsync(municipality, ct);
        var units = (await MunicipalityUnitsAsync(municipality, ct)).ToLookup(u => u.CommitteeCode);
        var municipalityName = await MunicipalityNameAsync(municipality, ct);
        // The year's follow-ups up to the period, read once (four queries): each follow-up's overview and the previous
        // follow-up it is compared with come from the same rows GetMunicipalityResultOverview reads point by point.
        var points = Enumerable.Range(1, 14).Where(p => Domain.EconomyTables.Order(p) <= Domain.EconomyTables.Order(period.Point))
            .OrderBy(Domain.EconomyTables.Order).Select(p => new PeriodKey(period.Year, p)).ToList();
        var year = await MunicipalityYearAsync(municipality, period.Year, points.Select(p => p.Point).ToList(), ct);
        MunicipalityPeriod At(PeriodKey p) => year.GetValueOrDefault(p.Point) ?? new([], [], [], []);
        // Per committee, the points of the year it has figures or stated deviations at (as PreviousFollowUpsAsync reads them).
        var recorded = year.Values.SelectMany(d => d.Figures.Select(f => (f.CommitteeCode, f.PeriodPoint)).Concat(d.Stated.Select(s => (s.CommitteeCode, s.PeriodPoint))))
            .Distinct().ToLookup(x => x.CommitteeCode, x => x.PeriodPoint);

        var answer = new MunicipalityResultOverviews();
        foreach (var point in points)
        {
            var previousPoints = recorded
                .Select(c => (Committee: c.Key, Earlier: c.Where(p => Domain.EconomyTables.Order(p) < Domain.EconomyTables.Order(point.Point)).ToList()))
                .Where(c => c.Earlier.Count > 0)
                .ToDictionary(c => c.Committee, c => new PeriodKey(period.Year, c.Earlier.MaxBy(Domain.EconomyTables.Order)), StringComparer.Ordinal);
            var overview = ResultOverview(municipality, municipalityName, point, names, At(point), previousPoints, At, units);
            // Registered names list every committee at every point: a follow-up counts when a committee has a result.
            if (point == period || overview.Committees.Any(c => c.Result is not null))
            {
                answer.FollowUps.Add(overview);
            }
        }
        return answer;
    }

    /// <summary>What the result views need of every committee at each of the given points of a year, by point.</summary>
    private async Task<Dictionary<int, MunicipalityPeriod>> MunicipalityYearAsync(string municipality, int year, List<int> points, CancellationToken ct)
    {
        var figures = await db.ActivityFigures.AsNoTracking().Where(f => f.MunicipalityCode == municipality && f.Year == year && points.Contains(f.PeriodPoint)).ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.MunicipalityCode == municipality && a.Year == year && points.Contains(a.PeriodPoint)).ToListAsync(ct);
        var adjustments = await db.BudgetAdjustments.AsNoTracking().Where(a => a.MunicipalityCode == municipality && a.Year == year && points.Contains(a.PeriodPoint)).ToListAsync(ct);
        var stated = await db.StatedDeviations.AsNoTracking().Where(s => s.MunicipalityCode == municipality && s.Year == year && points.Contains(s.PeriodPoint)).ToListAsync(ct);
        return points.ToDictionary(p => p, p => new MunicipalityPeriod(figures.Where(f => f.PeriodPoint == p).ToList(), allocations.Where(a => a.PeriodPoint == p).ToList(),
            adjustments.Where(a => a.PeriodPoint == p).ToList(), stated.Where(s => s.PeriodPoint == p).ToList()));
    }

    /// <summary>
    /// Every committee's result and forecast at <paramref name="period"/> (stated, else derived) and the change since its
    /// previous follow-up, only between figures of one source.
    /// </summary>
    private static MunicipalityResultOverview ResultOverview(string municipality, string municipalityName, PeriodKey period, Dictionary<string, string> names,
        MunicipalityPeriod current, IReadOnlyDictionary<string, PeriodKey> previousPoints, Func<PeriodKey, MunicipalityPeriod> earlier,
        ILookup<string, Domain.OrganisationalUnit> units)
    {
        var overview = new MunicipalityResultOverview { MunicipalityCode = municipality, MunicipalityName = municipalityName, Period = period.ToProto() };
        foreach (var committee in current.Committees.Concat(names.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var now = Domain.ResultOverview.Of(current.For(committee), units[committee].ToList(), current.Stated.Where(s => s.CommitteeCode == committee).ToList());
            var row = new CommitteeResultOverview
            {
                CommitteeCode = committee,
                CommitteeName = names.GetValueOrDefault(committee, ""),
                Allocation = now.Allocation.ToProto(),
                NetCost = now.NetCost.ToProto(),
                DerivedResult = now.DerivedResult.ToProto(),
                DerivedForecastResult = now.DerivedForecastResult.ToProto(),
                StatedResult = now.StatedResult.ToProto(),
                StatedForecastResult = now.StatedForecastResult.ToProto(),
                Result = now.Result.ToProto(),
                ResultSource = now.ResultSource,
                ForecastResult = now.ForecastResult.ToProto(),
                ForecastSource = now.ForecastSource,
            };
            if (previousPoints.TryGetValue(committee, out var point))
            {
                var data = earlier(point);
                var before = Domain.ResultOverview.Of(data.For(committee), units[committee].ToList(), data.Stated.Where(s => s.CommitteeCode == committee).ToList());
                row.PreviousFollowUp = point.ToProto();
                row.PreviousResult = before.Result.ToProto();
                row.PreviousForecastResult = before.ForecastResult.ToProto();
                row.ResultChange = Domain.ResultOverview.Change(now.Result, now.ResultSource, before.Result, before.ResultSource).ToProto();
                row.ForecastChange = Domain.ResultOverview.Change(now.ForecastResult, now.ForecastSource, before.ForecastResult, before.ForecastSource).ToProto();
            }
            overview.Committees.Add(row);
        }
        overview.TotalResult = Sum(overview.Committees.Select(c => c.Result)).ToProto();
        overview.TotalForecastResult = Sum(overview.Committees.Select(c => c.ForecastResult)).ToProto();
        overview.TotalResultChange = Sum(overview.Committees.Select(c => c.ResultChange)).ToProto();
        return overview;
    }

    public override async Task<LargestUnitDeviations> ListLargestUnitDeviations(MunicipalityViewRequest request, ServerCallContext context)
    {
        var (municipality, period, limit) = MunicipalityScope(request);
        var ct = context.CancellationToken;
        var names = await CommitteeNamesAsync(municipality, ct);
        var current = await MunicipalityPeriodAsync(municipality, period, ct);
        var previousPoints = await PreviousFollowUpsAsync(municipality, period, ct);
        var units = (await MunicipalityUnitsAsync(municipality, ct)).ToLookup(u => u.CommitteeCode);
        var comments = await db.Narratives.AsNoTracking().ForMunicipalityPeriod(municipality, period).Where(n => n.Section.StartsWith("unit:")).ToListAsync(ct);

        var rows = new List<(decimal Deviation, LargestUnitDeviation Row)>();
        foreach (var committee in current.Committees.Distinct())
        {
            var committeeUnits = units[committee].ToList();
            var stated = current.Stated.Where(s => s.CommitteeCode == committee && s.UnitCode != "").ToDictionary(s => s.UnitCode, StringComparer.Ordinal);
            var derived = Domain.UnitRollup.Compute(committeeUnits, current.Figures.Where(f => f.CommitteeCode == committee && f.UnitCode != "").ToList());
            var before = previousPoints.TryGetValue(committee, out var point) ? await PreviousUnitDeviationsAsync(municipality, committee, point, committeeUnits, ct) : [];
            foreach (var unit in committeeUnits)
            {
                // A unit's own figures or its own statement: a rolled-up sum would count its units twice in the list.
                var (deviation, source) = stated.TryGetValue(unit.Code, out var s) && s.Deviation is not null ? (s.Deviation, Domain.ResultOverview.Stated)
                    : derived[unit.Code] is { RolledUp: false, Deviation: { } d } ? (d, "actual_minus_budget") : ((decimal?)null, "");
                if (deviation is null)
                {
                    continue;
                }
                rows.Add((deviation.Value, new LargestUnitDeviation
                {
                    CommitteeCode = committee,
                    CommitteeName = names.GetValueOrDefault(committee, ""),
                    UnitCode = unit.Code,
                    UnitName = unit.Name,
                    Deviation = deviation.ToProto(),
                    Source = source,
                    ForecastDeviation = s?.ForecastDeviation.ToProto(),
                    PreviousFollowUpDeviation = before.GetValueOrDefault(unit.Code).ToProto(),
                    Comment = comments.SingleOrDefault(n => n.CommitteeCode == committee && n.Section == $"unit:{unit.Code}")?.Text ?? "",
                }));
            }
        }
        return new LargestUnitDeviations
        {
            Period = period.ToProto(),
            // Largest in size first, a deficit or a surplus alike: both need an explanation.
            Units = { rows.OrderByDescending(r => Math.Abs(r.Deviation)).ThenBy(r => r.Row.CommitteeCode, StringComparer.Ordinal).ThenBy(r => r.Row.UnitCode, StringComparer.Ordinal).Take(limit).Select(r => r.Row) },
        };
    }

    /// <summary>Each unit's deviation at a committee's previous follow-up, from the same source as now: stated, else Actual − Budget.</summary>
    private async Task<Dictionary<string, decimal?>> PreviousUnitDeviationsAsync(string municipality, string committee, PeriodKey point, List<Domain.OrganisationalUnit> units, CancellationToken ct)
    {
        var stated = await db.StatedDeviations.AsNoTracking().ForPeriod(municipality, committee, point).Where(s => s.UnitCode != "").ToListAsync(ct);
        var figures = await db.ActivityFigures.AsNoTracking().ForPeriod(municipality, committee, point).Where(f => f.UnitCode != "").ToListAsync(ct);
        var derived = Domain.UnitRollup.Compute(units, figures);
        return units.ToDictionary(u => u.Code, u => stated.SingleOrDefault(s => s.UnitCode == u.Code)?.Deviation ?? derived[u.Code].Deviation, StringComparer.Ordinal);
    }

    public override async Task<MunicipalitySavings> ListMunicipalitySavings(MunicipalityViewRequest request, ServerCallContext context)
    {
        var (municipality, period, _) = MunicipalityScope(request);
        var ct = context.CancellationToken;
        var names = await CommitteeNamesAsync(municipality, ct);
        var decisions = await db.SavingsDecisions.AsNoTracking().ForMunicipalityPeriod(municipality, period).ToListAsync(ct);
        var measures = await db.SavingsMeasures.AsNoTracking().ForMunicipalityPeriod(municipality, period).OrderBy(m => m.Id).ToListAsync(ct);
        var result = new MunicipalitySavings { Period = period.ToProto() };
        foreach (var committee in decisions.Select(d => d.CommitteeCode).Concat(measures.Select(m => m.CommitteeCode)).Distinct().Order(StringComparer.Ordinal))
        {
            result.Committees.Add(new CommitteeSavings
            {
                CommitteeCode = committee,
                CommitteeName = names.GetValueOrDefault(committee, ""),
                Decisions = { SavingsDecisions(decisions.Where(d => d.CommitteeCode == committee).ToList(), measures.Where(m => m.CommitteeCode == committee).ToList()) },
            });
        }
        foreach (var requirement in decisions.Where(d => d.Requirement is not null).GroupBy(d => d.Requirement!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            result.Requirements.Add(new SavingsRequirementProgress
            {
                Requirement = requirement.Key,
                CommitteeCodes = { requirement.Select(d => d.CommitteeCode).Distinct().Order(StringComparer.Ordinal) },
                RequirementAmount = Sum(requirement.Select(d => d.RequirementAmount)).ToProto(),
                FullYearEffect = Sum(requirement.Select(d => d.FullYearEffect)).ToProto(),
                AchievedEffect = Sum(requirement.Select(d => d.AchievedEffect)).ToProto(),
            });
        }
        return result;
    }

    public override async Task<MunicipalityBudgetAdjustments> ListMunicipalityBudgetAdjustments(MunicipalityViewRequest request, ServerCallContext context)
    {
        var (municipality, period, _) = MunicipalityScope(request);
        var ct = context.CancellationToken;
        var names = await CommitteeNamesAsync(municipality, ct);
        var adjustments = await db.BudgetAdjustments.AsNoTracking().ForMunicipalityPeriod(municipality, period).ToListAsync(ct);
        var result = new MunicipalityBudgetAdjustments { Period = period.ToProto(), Total = adjustments.Sum(a => a.Amount).ToProto() };
        foreach (var committee in adjustments.GroupBy(a => a.CommitteeCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            result.Committees.Add(new CommitteeBudgetAdjustments
            {
                CommitteeCode = committee.Key,
                CommitteeName = names.GetValueOrDefault(committee.Key, ""),
                Adjustments = { committee.OrderBy(a => a.Reference, StringComparer.Ordinal).ThenBy(a => a.Sequence).Select(ToProto) },
                Total = committee.Sum(a => a.Amount).ToProto(),
            });
        }
        return result;
    }

    public override async Task<MunicipalityInvestments> ListMunicipalityInvestments(MunicipalityViewRequest request, ServerCallContext context)
    {
        var (municipality, period, _) = MunicipalityScope(request);
        var ct = context.CancellationToken;
        var names = await CommitteeNamesAsync(municipality, ct);
        var investments = await db.Investments.AsNoTracking().ForMunicipalityPeriod(municipality, period).ToListAsync(ct);
        return new MunicipalityInvestments
        {
            Period = period.ToProto(),
            Committees =
            {
                investments.OrderBy(i => i.CommitteeCode, StringComparer.Ordinal).Select(i => new CommitteeInvestment
                {
                    CommitteeCode = i.CommitteeCode,
                    CommitteeName = names.GetValueOrDefault(i.CommitteeCode, ""),
                    MunicipalBudget = i.MunicipalBudget.ToProto(),
                    Outcome = i.Outcome.ToProto(),
                    Forecast = i.Forecast.ToProto(),
                    Comment = i.Comment ?? "",
                }),
            },
            MunicipalBudget = Sum(investments.Select(i => i.MunicipalBudget)).ToProto(),
            Outcome = Sum(investments.Select(i => i.Outcome)).ToProto(),
            Forecast = Sum(investments.Select(i => i.Forecast)).ToProto(),
        };
    }

    /// <summary>The sum of the values given; null when none is.</summary>
    private static decimal? Sum(IEnumerable<decimal?> values)
    {
        var given = values.Where(v => v is not null).ToList();
        return given.Count == 0 ? null : given.Sum();
    }

    private static decimal? Sum(IEnumerable<Contracts.Common.V1.Decimal?> values) =>
        Sum(values.Select(v => v is null ? (decimal?)null : decimal.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture)));
}
