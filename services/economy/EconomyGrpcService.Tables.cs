using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Scopes;
using Npgsql;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>The seed's tables, each derived from stored rows on request.</summary>
public sealed partial class EconomyGrpcService
{
    private (string Municipality, string Committee, PeriodKey Period, string Layout) TableScope(GetTablesRequest request)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        var layout = string.IsNullOrWhiteSpace(request.Layout) ? Domain.LayoutArea.DefaultLayout : v.Code("layout", request.Layout);
        v.ThrowIfInvalid();
        return (municipality, committee, period, layout);
    }

    public override async Task<ActivityResultTables> GetResultPerActivity(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, layout) = TableScope(request);
        var ct = context.CancellationToken;
        var current = await LoadAsync(municipality, committee, period, ct);
        var previous = await LoadAsync(municipality, committee, period with { Year = period.Year - 1 }, ct);
        var areas = await LayoutAsync(municipality, committee, layout, current, ct);
        var names = await ActivityNamesAsync(municipality, ct);
        var narratives = await NarrativesAsync(municipality, committee, period, ct);
        var report = await ReportAsync(municipality, committee, period, ct);
        var tables = Domain.EconomyTables.ResultPerActivity(areas, current, previous);

        string[] headers = ["", $"Utfall {period.Year}", $"Budget {period.Year}", $"Prognos {period.Year}", $"Utfall {period.Year - 1}"];
        var rendered = string.Join(Environment.NewLine, tables.Select(t => Domain.Rendering.Table($"{t.AreaName}, mnkr", headers,
            t.Rows.Select(r => ($"{r.ActivityCode} {names.GetValueOrDefault(r.ActivityCode, "")}".Trim(), Values(r.Values)))
                .Append(("Nettokostnad", Values(t.NetCost))).Append(("Kommunbidrag", Values(t.Allocation))).Append(($"Resultat {t.AreaName}", Values(t.Result))),
            Decimals(t))));
        return new ActivityResultTables
        {
            Layout = layout,
            ForecastName = report?.ForecastName ?? "",
            Rendered = rendered,
            Areas =
            {
                tables.Select(t => new ActivityResultTable
                {
                    AreaName = t.AreaName,
                    Rows = { t.Rows.Select(r => new ActivityRow { ActivityCode = r.ActivityCode, ActivityName = names.GetValueOrDefault(r.ActivityCode, ""), Values = ToProto(r.Values) }) },
                    NetCost = ToProto(t.NetCost),
                    Allocation = ToProto(t.Allocation),
                    Result = ToProto(t.Result),
                    Narrative = narratives.GetValueOrDefault($"area:{t.AreaName}", ""),
                    AllocationNote = t.AllocationNote ?? "",
                }),
            },
        };
    }

    /// <summary>Small areas are shown with one decimal (the seed's Familjerätt table), large ones in whole mnkr.</summary>
    private static int Decimals(Domain.ActivityResultTable table) => Decimals(table.Allocation.Actual ?? table.NetCost.Actual);

    internal static int Decimals(decimal? size) => Math.Abs(size ?? 0m) is > 5_000_000m and < 50_000_000m ? 1 : 0;

    public override async Task<InterventionCostTables> GetInterventionCosts(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, layout) = TableScope(request);
        var ct = context.CancellationToken;
        var current = await LoadAsync(municipality, committee, period, ct);
        var previous = await LoadAsync(municipality, committee, period with { Year = period.Year - 1 }, ct);
        var areas = await LayoutAsync(municipality, committee, layout, current, ct);
        var names = await ActivityNamesAsync(municipality, ct);
        var narratives = await NarrativesAsync(municipality, committee, period, ct);
        var tables = Domain.EconomyTables.InterventionCosts(areas, current, previous);

        string[] headers = ["Insatskostnad", $"Utfall {period.Year}", $"Budget {period.Year}", $"Prognos {period.Year}", $"Utfall {period.Year - 1}"];
        return new InterventionCostTables
        {
            Layout = layout,
            Rendered = string.Join(Environment.NewLine, tables.Select(t => Domain.Rendering.Table($"Insatskostnad {t.AreaName}, mnkr", headers,
                t.Rows.Select(r => ($"{r.ActivityCode} {names.GetValueOrDefault(r.ActivityCode, "")}".Trim(), Values(r.Values))).Append(("Alla verksamheter", Values(t.Total))), 0))),
            Areas =
            {
                tables.Select(t => new InterventionCostTable
                {
                    AreaName = t.AreaName,
                    Rows = { t.Rows.Select(r => new ActivityRow { ActivityCode = r.ActivityCode, ActivityName = names.GetValueOrDefault(r.ActivityCode, ""), Values = ToProto(r.Values) }) },
                    Total = ToProto(t.Total),
                    Narrative = narratives.GetValueOrDefault($"intervention:{t.AreaName}", ""),
                }),
            },
        };
    }

    public override async Task<InvestmentTable> GetInvestments(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, _) = TableScope(request);
        var ct = context.CancellationToken;
        var current = await db.Investments.AsNoTracking().ForPeriod(municipality, committee, period).SingleOrDefaultAsync(ct);
        var previous = await db.Investments.AsNoTracking().ForPeriod(municipality, committee, period with { Year = period.Year - 1 }).SingleOrDefaultAsync(ct);
        var narratives = await NarrativesAsync(municipality, committee, period, ct);
        return new InvestmentTable
        {
            MunicipalBudget = current?.MunicipalBudget.ToProto(),
            Outcome = current?.Outcome.ToProto(),
            PreviousYearOutcome = previous?.Outcome.ToProto(),
            Forecast = current?.Forecast.ToProto(),
            Comment = current?.Comment ?? "",
            Narrative = narratives.GetValueOrDefault("investments", ""),
            Rendered = Domain.Rendering.Table("Investeringar",
                ["Belopp i miljoner kronor", $"KF-budget {period.Year}", $"Bokslut {period.Year}", $"Bokslut {period.Year - 1}", "Helårsprognos"],
                [("Investeringar", [current?.MunicipalBudget, current?.Outcome, previous?.Outcome, current?.Forecast])], 1),
        };
    }

    public override async Task<UnitDeviationTable> GetUnitDeviations(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, _) = TableScope(request);
        var ct = context.CancellationToken;
        var units = await db.Units.AsNoTracking().Where(u => u.MunicipalityCode == municipality && u.CommitteeCode == committee).OrderBy(u => u.Code).ToListAsync(ct);
        var current = await db.ActivityFigures.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        var previousPeriod = await PreviousFollowUpAsync(municipality, committee, period, ct);
        var previous = previousPeriod is { } p ? await db.ActivityFigures.AsNoTracking().ForPeriod(municipality, committee, p).Where(f => f.UnitCode != "").ToListAsync(ct) : [];
        var stated = await db.StatedDeviations.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        var statedBefore = previousPeriod is { } q ? await db.StatedDeviations.AsNoTracking().ForPeriod(municipality, committee, q).ToListAsync(ct) : [];
        var items = await db.DeviationItems.AsNoTracking().ForPeriod(municipality, committee, period).OrderBy(i => i.Id).ToListAsync(ct);
        var narratives = await NarrativesAsync(municipality, committee, period, ct);
        var now = Domain.UnitRollup.Compute(units, current.Where(f => f.UnitCode != "").ToList());
        var before = Domain.UnitRollup.Compute(units, previous);
        var committeeRows = new Domain.PeriodData(current, [], []);

        var table = new UnitDeviationTable
        {
            PreviousFollowUp = previousPeriod?.ToProto(),
            DeviationTotal = ToProto(Domain.StatedTotal.Of(units, stated, s => s.Deviation, "stated deviations")),
            ForecastDeviationTotal = ToProto(Domain.StatedTotal.Of(units, stated, s => s.ForecastDeviation, "stated forecast deviations")),
            PreviousFollowUpDeviationTotal = ToProto(Domain.StatedTotal.Of(units, statedBefore, s => s.Deviation, "stated deviations")),
            DerivedDeviation = (committeeRows.Sum(committeeRows.ByCode.Keys, f => f.Actual) - committeeRows.Sum(committeeRows.ByCode.Keys, f => f.Budget)).ToProto(),
            CommitteeItems = { items.Where(i => i.UnitCode == "").Select(ToProto) },
            MunicipalityName = await MunicipalityNameAsync(municipality, ct),
            CommitteeName = await CommitteeNameAsync(municipality, committee, ct),
        };
        foreach (var unit in units)
        {
            var row = now[unit.Code];
            var statedRow = stated.SingleOrDefault(s => s.UnitCode == unit.Code);
            table.Units.Add(new UnitDeviation
            {
                UnitCode = unit.Code,
                UnitName = unit.Name,
                ParentCode = unit.ParentCode ?? "",
                Kind = unit.Kind.ToString().ToLowerInvariant(),
                Actual = row.Actual.ToProto(),
                Budget = row.Budget.ToProto(),
                Deviation = row.Deviation.ToProto(),
                PreviousFollowUpDeviation = before[unit.Code].Deviation.ToProto(),
                Comment = narratives.GetValueOrDefault($"unit:{unit.Code}", ""),
                RolledUp = row.RolledUp,
                StatedDeviation = statedRow?.Deviation.ToProto(),
                StatedForecastDeviation = statedRow?.ForecastDeviation.ToProto(),
                PreviousFollowUpStatedDeviation = statedBefore.SingleOrDefault(s => s.UnitCode == unit.Code)?.Deviation.ToProto(),
                Items = { items.Where(i => i.UnitCode == unit.Code).Select(ToProto) },
            });
        }
        return table;
    }

    private static StatedTotal ToProto(Domain.StatedTotal t) => new()
    {
        Stated = t.Stated.ToProto(),
        Derived = t.Derived.ToProto(),
        RoundingDifference = t.RoundingDifference.ToProto(),
        DerivedFrom = t.DerivedFrom,
    };

    private static DeviationItem ToProto(Domain.DeviationItem i) => new()
    {
        Kind = (DeviationItemKind)i.Kind,
        Description = i.Description,
        Amount = i.Amount.ToProto(),
        FullTimeEquivalents = i.FullTimeEquivalents.ToProto(),
    };

    public override async Task<SavingsReport> GetSavings(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, _) = TableScope(request);
        var ct = context.CancellationToken;
        var measures = await db.SavingsMeasures.AsNoTracking().ForPeriod(municipality, committee, period).OrderBy(m => m.DecisionReference).ThenBy(m => m.Id).ToListAsync(ct);
        var decisions = await db.SavingsDecisions.AsNoTracking().ForPeriod(municipality, committee, period).ToListAsync(ct);
        var adjustments = await db.BudgetAdjustments.AsNoTracking().ForPeriod(municipality, committee, period).OrderBy(a => a.Reference).ThenBy(a => a.Sequence).ToListAsync(ct);
        return new SavingsReport
        {
            Decisions = { SavingsDecisions(decisions, measures) },
            BudgetAdjustments = { adjustments.Select(ToProto) },
        };
    }

    /// <summary>Each decision with its measures: decisions stated as a whole, and references that only measures name.</summary>
    private static IEnumerable<SavingsDecision> SavingsDecisions(IReadOnlyCollection<Domain.SavingsDecision> decisions, IReadOnlyCollection<Domain.SavingsMeasure> measures)
    {
        var references = decisions.Select(d => d.Reference).Concat(measures.Select(m => m.DecisionReference)).Distinct().Order(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            var decision = decisions.SingleOrDefault(d => d.Reference == reference);
            var own = measures.Where(m => m.DecisionReference == reference).ToList();
            var stated = own.Where(m => m.FullYearEffect is not null).ToList();
            yield return new SavingsDecision
            {
                Reference = reference,
                DecidedOn = (decision?.DecidedOn ?? own[0].DecidedOn).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                DecidedBy = decision?.DecidedBy ?? own[0].DecidedBy,
                Measures =
                {
                    own.Select(m => new SavingsMeasure
                    {
                        Name = m.Name, DecidedByCommittee = m.DecidedByCommittee,
                        FullYearEffect = m.FullYearEffect.ToProto(), EffectThisYear = m.EffectThisYear.ToProto(),
                    }),
                },
                FullYearEffect = decision?.FullYearEffect.ToProto(),
                EffectThisYear = decision?.EffectThisYear.ToProto(),
                Requirement = decision?.Requirement ?? "",
                RequirementAmount = decision?.RequirementAmount.ToProto(),
                AchievedEffect = decision?.AchievedEffect.ToProto(),
                Description = decision?.Description ?? "",
                MeasuresFullYearEffect = stated.Count == 0 ? null : stated.Sum(m => m.FullYearEffect!.Value).ToProto(),
                MeasuresNotStated = own.Count - stated.Count,
            };
        }
    }

    private static BudgetAdjustment ToProto(Domain.BudgetAdjustment a) => new()
    {
        AreaName = a.AreaName,
        Amount = a.Amount.ToProto(),
        DecidedBy = a.DecidedBy,
        Reason = a.Reason,
        Reference = a.Reference,
        DecidedOn = a.DecidedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        Sequence = a.Sequence,
    };

    public override async Task<MunicipalityResults> ListMunicipalityResults(ListMunicipalityResultsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;

        // One prepared statement on the context's connection: no EF query pipeline, no tracking, no model work per call.
        var rows = new List<(string Committee, decimal Allocation, decimal NetCost)>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(MunicipalityResultsSql, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                Parameters = { new() { Value = municipality }, new() { Value = period.Year }, new() { Value = period.Point } },
            };
            // Prepared once per pooled connection; later calls reuse it (Npgsql keeps prepared statements across pool returns).
            await command.PrepareAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var totalAllocation = rows.Sum(r => r.Allocation);
        var totalNetCost = rows.Sum(r => r.NetCost);
        return new MunicipalityResults
        {
            Committees = { rows.Select(r => new CommitteeResult { CommitteeCode = r.Committee, Allocation = r.Allocation.ToProto(), NetCost = r.NetCost.ToProto(), Result = (r.Allocation - r.NetCost).ToProto() }) },
            Total = new CommitteeResult { CommitteeCode = "", Allocation = totalAllocation.ToProto(), NetCost = totalNetCost.ToProto(), Result = (totalAllocation - totalNetCost).ToProto() },
        };
    }

    /// <summary>
    /// Per committee of municipality $1 in year $2, period point $3: the allocation with its KS/KF adjustments,
    /// and the net cost (−Σ Actual of the committee-level rows), in one pass over each table. Public so the
    /// benchmark's bare-SQL side runs exactly this statement.
    /// </summary>
    public const string MunicipalityResultsSql = """
        SELECT committee, COALESCE(sum(allocation), 0), COALESCE(sum(net_cost), 0) FROM (
            SELECT "CommitteeCode" AS committee, NULL::numeric AS allocation, -COALESCE("Actual", 0) AS net_cost FROM activity_figures
            WHERE "MunicipalityCode" = $1 AND "Year" = $2 AND "PeriodPoint" = $3 AND "UnitCode" = ''
            UNION ALL
            SELECT "CommitteeCode", "Amount", NULL FROM allocations WHERE "MunicipalityCode" = $1 AND "Year" = $2 AND "PeriodPoint" = $3
            UNION ALL
            SELECT "CommitteeCode", "Amount", NULL FROM budget_adjustments WHERE "MunicipalityCode" = $1 AND "Year" = $2 AND "PeriodPoint" = $3
        ) AS amounts
        GROUP BY committee
        ORDER BY committee
        """;

    private async Task<Dictionary<string, string>> ActivityNamesAsync(string municipality, CancellationToken ct) =>
        await db.ActivityCodes.AsNoTracking().Where(c => c.MunicipalityCode == municipality).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
}
