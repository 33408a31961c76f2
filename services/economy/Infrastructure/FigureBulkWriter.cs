using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace NamndFollowUp.Economy.Infrastructure;

/// <summary>
/// Writes many figure rows of one committee set-based, for imports of whole ledgers: the rows as column
/// arrays, unnested by one INSERT … ON CONFLICT merge that touches only rows whose values differ, and in the
/// same statement an outbox row (ActivityFiguresChanged, as <see cref="ActivityFigure.ToChangedEvent"/> would
/// publish it) and an audit entry (as the audit interceptor would write it) per changed row. Runs inside the
/// caller's transaction, so it commits or rolls back with the rest of the import.
/// </summary>
public static class FigureBulkWriter
{
    private static readonly string EventType = OutboxExtensions.TypeName(typeof(ActivityFiguresChanged));

    public static async Task<int> MergeAsync(EconomyDbContext db, string municipality, string committee,
        IReadOnlyList<(PeriodKey Period, string Activity, string Unit, FigureMeasures Measures)> rows, bool partial, string actor, DateTimeOffset now, CancellationToken ct,
        Import.ImportPhases? phases = null)
    {
        // The rows go as one array per column in the merge's own statement (unnest zips them back into rows): one
        // round trip, where a staging table took three (create, COPY, merge) and left its catalog rows to clean up.
        var count = rows.Count;
        var (years, points, activities, units) = (new int[count], new int[count], new string[count], new string[count]);
        var columns = Enumerable.Range(0, 8).Select(_ => new decimal?[count]).ToArray();
        for (var i = 0; i < count; i++)
        {
            var (period, activity, unit, m) = rows[i];
            (years[i], points[i], activities[i], units[i]) = (period.Year, period.Point, activity, unit);
            (columns[0][i], columns[1][i], columns[2][i], columns[3][i]) = (m.Actual, m.Budget, m.Forecast, m.Costs);
            (columns[4][i], columns[5][i], columns[6][i], columns[7][i]) = (m.Income, m.InterventionCost, m.InterventionCostBudget, m.InterventionCostForecast);
        }
        phases?.Done("rows as arrays");

        // A partial row (ledger totals) sets Actual, Budget, Costs and Income and keeps the row's other measures.
        string Keep(string column, string staging) => partial ? $"COALESCE(o.\"{column}\", NULL)" : $"s.{staging}";
        var sql = $"""
            WITH incoming AS (
                SELECT s.year, s.point, s.activity, s.unit, s.actual, s.budget, s.costs, s.income,
                       {Keep("Forecast", "forecast")} AS forecast, {Keep("InterventionCost", "intervention_cost")} AS intervention_cost,
                       {Keep("InterventionCostBudget", "intervention_cost_budget")} AS intervention_cost_budget,
                       {Keep("InterventionCostForecast", "intervention_cost_forecast")} AS intervention_cost_forecast,
                       o."Id" AS old_id, o."Actual" AS old_actual, o."Budget" AS old_budget, o."Costs" AS old_costs, o."Income" AS old_income
                FROM unnest(@years, @points, @activities, @units, @actual, @budget, @forecast, @costs, @income,
                            @intervention_cost, @intervention_cost_budget, @intervention_cost_forecast)
                    AS s(year, point, activity, unit, actual, budget, forecast, costs, income,
                         intervention_cost, intervention_cost_budget, intervention_cost_forecast)
                LEFT JOIN activity_figures o ON o."MunicipalityCode" = @m AND o."CommitteeCode" = @c AND o."Year" = s.year
                    AND o."PeriodPoint" = s.point AND o."ActivityCode" = s.activity AND o."UnitCode" = s.unit
            ),
            merged AS (
                INSERT INTO activity_figures AS f ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode", "Actual", "Budget",
                    "Forecast", "Costs", "Income", "InterventionCost", "InterventionCostBudget", "InterventionCostForecast", "Version", "UpdatedAt")
                SELECT @m, @c, year, point, activity, unit, actual, budget, forecast, costs, income,
                       intervention_cost, intervention_cost_budget, intervention_cost_forecast, 1, @now
                FROM incoming
                ON CONFLICT ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode") DO UPDATE SET
                    "Actual" = EXCLUDED."Actual", "Budget" = EXCLUDED."Budget", "Forecast" = EXCLUDED."Forecast", "Costs" = EXCLUDED."Costs",
                    "Income" = EXCLUDED."Income", "InterventionCost" = EXCLUDED."InterventionCost",
                    "InterventionCostBudget" = EXCLUDED."InterventionCostBudget", "InterventionCostForecast" = EXCLUDED."InterventionCostForecast",
                    "Version" = f."Version" + 1, "UpdatedAt" = EXCLUDED."UpdatedAt"
                WHERE (f."Actual", f."Budget", f."Forecast", f."Costs", f."Income", f."InterventionCost", f."InterventionCostBudget", f."InterventionCostForecast")
                    IS DISTINCT FROM (EXCLUDED."Actual", EXCLUDED."Budget", EXCLUDED."Forecast", EXCLUDED."Costs", EXCLUDED."Income",
                        EXCLUDED."InterventionCost", EXCLUDED."InterventionCostBudget", EXCLUDED."InterventionCostForecast")
                RETURNING f."Id", f."Year", f."PeriodPoint", f."ActivityCode", f."UnitCode", f."Actual", f."Budget", f."Forecast", f."Costs", f."Income",
                    f."InterventionCost", f."InterventionCostBudget", f."InterventionCostForecast", f."Version", f."UpdatedAt"
            ),
            outbox AS (
                INSERT INTO outbox_messages ("MessageId", "MessageType", "Payload", "CreatedAt", "NextAttemptAt", "Attempts", "TraceParent")
                SELECT gen_random_uuid(), @type, jsonb_build_object(
                    'municipalityCode', @m, 'committeeCode', @c, 'year', "Year", 'periodPoint', "PeriodPoint", 'activityCode', "ActivityCode",
                    'actual', "Actual", 'budget', "Budget", 'version', "Version", 'changedAt', @nowText, 'unitCode', "UnitCode",
                    'forecast', "Forecast", 'costs', "Costs", 'income', "Income", 'interventionCost', "InterventionCost",
                    'interventionCostBudget', "InterventionCostBudget", 'interventionCostForecast', "InterventionCostForecast"),
                    @now, @now, 0, @traceParent
                FROM merged
            ),
            audit AS (
                INSERT INTO audit_entries ("At", "Actor", "Entity", "EntityKey", "Action", "MunicipalityCode", "CommitteeCode", "Changes")
                SELECT @now, @actor, 'ActivityFigure', @m || '/' || @c || '/' || m."Year" || '/' || m."PeriodPoint",
                    CASE WHEN i.old_id IS NULL THEN 'Added' ELSE 'Modified' END, @m, @c,
                    jsonb_build_object('ActivityCode', jsonb_build_object('from', NULL, 'to', m."ActivityCode"),
                        'UnitCode', jsonb_build_object('from', NULL, 'to', m."UnitCode"),
                        'Actual', jsonb_build_object('from', i.old_actual, 'to', m."Actual"), 'Budget', jsonb_build_object('from', i.old_budget, 'to', m."Budget"),
                        'Costs', jsonb_build_object('from', i.old_costs, 'to', m."Costs"), 'Income', jsonb_build_object('from', i.old_income, 'to', m."Income"),
                        'Version', jsonb_build_object('from', m."Version" - 1, 'to', m."Version"))
                FROM merged m JOIN incoming i ON i.year = m."Year" AND i.point = m."PeriodPoint" AND i.activity = m."ActivityCode" AND i.unit = m."UnitCode"
            )
            SELECT count(*) FROM merged
            """;
        await using var merge = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection()) { CommandTimeout = 600 };
        merge.Parameters.AddWithValue("years", years);
        merge.Parameters.AddWithValue("points", points);
        merge.Parameters.AddWithValue("activities", activities);
        merge.Parameters.AddWithValue("units", units);
        string[] names = ["actual", "budget", "forecast", "costs", "income", "intervention_cost", "intervention_cost_budget", "intervention_cost_forecast"];
        for (var c = 0; c < names.Length; c++)
        {
            merge.Parameters.Add(new NpgsqlParameter(names[c], NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = columns[c] });
        }
        merge.Parameters.AddWithValue("m", municipality);
        merge.Parameters.AddWithValue("c", committee);
        merge.Parameters.AddWithValue("now", now);
        merge.Parameters.AddWithValue("nowText", JsonSerializer.Serialize(now).Trim('"'));
        merge.Parameters.AddWithValue("type", EventType);
        merge.Parameters.Add(new NpgsqlParameter("traceParent", NpgsqlDbType.Text) { Value = (object?)OutboxTrace.CurrentTraceParent() ?? DBNull.Value });
        merge.Parameters.AddWithValue("actor", actor);
        return (int)(long)(await merge.ExecuteScalarAsync(ct))!;
    }
}
