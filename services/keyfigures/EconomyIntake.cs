using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Events;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// Takes a batch of economy events into keyfigures with set-based SQL: a bulk import in economy arrives here as
/// thousands of events, and tracking an entity per row in EF cost more than everything else together. A batch is
/// a handful of round trips whatever its size: the inbox; the stored values of its committees and periods,
/// locked; the economy rows and per-activity figures, upserted with their version rule; the definitions (cached);
/// the inputs of the values to recompute; and the new values with their events. All in the caller's transaction.
/// Values are still computed by <see cref="KeyFigureCalculator"/> and stored through <see cref="ComputedKeyFigure.Apply"/>,
/// so "changed after adoption" and "not computable" follow the same rules as for an entered input.
/// The consumer's derived rows are not audited row by row: the economy rows are economy's (audited there), and
/// every value it changes goes out in an event (see docs/keyfigures.md).
/// </summary>
public sealed class EconomyIntake(KeyFiguresDbContext db, DefinitionCache definitionCache, TimeProvider time, ILogger<EconomyIntake> logger)
{
    public const string Consumer = nameof(ActivityFiguresChangedConsumer);

    private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

    /// <summary>Applies the batch; returns how many of its messages were new (the others were handled before).</summary>
    public async Task<int> TakeAsync(IReadOnlyList<(Guid MessageId, ActivityFiguresChanged Event)> batch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fresh = await ReceiveAsync(batch, now, ct);
        if (fresh.Count == 0)
        {
            return 0;
        }

        // Scopes in one fixed order (PostgreSQL's, in the lock query), so two batches never lock each other's values crosswise.
        var scopes = fresh.Select(e => new Scope(e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint)).Distinct().ToList();
        var stored = await LockStoredValuesAsync(scopes, ct);

        // The newest event per row: a batch may hold a row twice (a correction right after the import).
        var newest = fresh.GroupBy(e => (e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint, e.ActivityCode, e.UnitCode))
            .Select(g => g.MaxBy(e => e.Version)!)
            .OrderBy(e => e.MunicipalityCode, StringComparer.Ordinal).ThenBy(e => e.CommitteeCode, StringComparer.Ordinal)
            .ThenBy(e => e.Year).ThenBy(e => e.PeriodPoint).ThenBy(e => e.ActivityCode, StringComparer.Ordinal).ThenBy(e => e.UnitCode, StringComparer.Ordinal)
            .ToList();
        var changed = await UpsertEconomyFiguresAsync(newest, ct);
        if (changed.Count < newest.Count)
        {
            logger.LogDebug("{Ignored} economy rows ignored: an equal or newer version was applied before", newest.Count - changed.Count);
        }
        var events = new List<object>();
        foreach (var figure in await UpsertActivityKeyFiguresAsync(newest.Where(e => e.UnitCode.Length == 0).ToList(), now, ct))
        {
            events.Add(figure.ToRecomputedEvent());
        }

        var definitions = await definitionCache.GetAsync(db, changed.Select(x => x.Scope.MunicipalityCode).Distinct().ToList(), ct);
        var dependent = changed.GroupBy(x => x.Scope)
            .Select(g => (Scope: g.Key, Definitions: definitions[g.Key.MunicipalityCode]
                .Where(d => g.Any(x => d.DependsOnEconomy(x.ActivityCode, x.UnitCode))).ToList()))
            .Where(x => x.Definitions.Count > 0)
            .ToList();
        if (dependent.Count > 0)
        {
            var (economy, entered) = await ReadInputsAsync(dependent.Select(x => x.Scope).ToList(), ct);
            var storedByKey = stored.ToDictionary(v => (new Scope(v.MunicipalityCode, v.CommitteeCode, v.Year, v.PeriodPoint), v.DefinitionCode));
            var updated = new List<ComputedKeyFigure>();
            var added = new List<ComputedKeyFigure>();
            foreach (var (scope, scopeDefinitions) in dependent)
            {
                var changedHere = new List<ComputedKeyFigure>();
                var scopeEconomy = economy.GetValueOrDefault(scope);
                var scopeEntered = entered.GetValueOrDefault(scope);
                foreach (var definition in scopeDefinitions)
                {
                    var computation = KeyFigureCalculator.Compute(definition,
                        scopeEntered?.GetValueOrDefault(definition.Code) ?? new Dictionary<string, decimal>(),
                        (activity, unit) => scopeEconomy?.GetValueOrDefault((activity, unit)));
                    var isNew = !storedByKey.TryGetValue((scope, definition.Code), out var value);
                    value ??= ComputedKeyFigure.Create(scope.MunicipalityCode, scope.CommitteeCode, scope.Year, scope.PeriodPoint, definition);
                    if (value.Apply(computation, now))
                    {
                        (isNew ? added : updated).Add(value);
                        changedHere.Add(value);
                    }
                }
                if (changedHere.Count > 0)
                {
                    events.Add(ComputedKeyFigure.RecomputedEvent(changedHere));
                }
            }
            await WriteValuesAndEventsAsync(updated, added, events, now, ct);
        }
        else if (events.Count > 0)
        {
            await WriteValuesAndEventsAsync([], [], events, now, ct);
        }
        return fresh.Count;
    }

    private readonly record struct Scope(string MunicipalityCode, string CommitteeCode, int Year, int PeriodPoint);

    /// <summary>The inbox in one statement: the ids it did not hold before are the batch's new messages.</summary>
    private async Task<List<ActivityFiguresChanged>> ReceiveAsync(IReadOnlyList<(Guid MessageId, ActivityFiguresChanged Event)> batch,
        DateTimeOffset now, CancellationToken ct)
    {
        var ids = batch.Select(m => m.MessageId).Distinct().ToArray();
        var received = new HashSet<Guid>();
        await using (var command = new NpgsqlCommand("""
            INSERT INTO inbox_messages ("MessageId", "Consumer", "ReceivedAt")
            SELECT id, $2, $3 FROM unnest($1) AS id
            ON CONFLICT DO NOTHING
            RETURNING "MessageId"
            """, Connection) { Parameters = { new() { Value = ids }, new() { Value = Consumer }, new() { Value = now } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                received.Add(reader.GetGuid(0));
            }
        }
        // A message delivered twice within the batch counts once.
        return batch.Where(m => received.Remove(m.MessageId)).Select(m => m.Event).ToList();
    }

    /// <summary>
    /// The stored values of the batch's committees and periods, locked: a concurrent writer of an input (an entered
    /// volume, another batch) waits for this transaction and reads its inputs after it, as in <see cref="Recomputation"/>.
    /// A value that does not exist yet cannot be locked; two transactions creating it collide on its unique index and
    /// the later one runs again (<see cref="ConflictRetry"/>).
    /// </summary>
    private Task<List<ComputedKeyFigure>> LockStoredValuesAsync(IReadOnlyList<Scope> scopes, CancellationToken ct)
    {
        var m = scopes.Select(s => s.MunicipalityCode).ToArray();
        var c = scopes.Select(s => s.CommitteeCode).ToArray();
        var y = scopes.Select(s => s.Year).ToArray();
        var p = scopes.Select(s => s.PeriodPoint).ToArray();
        return db.ComputedKeyFigures.FromSql($"""
            SELECT k.* FROM computed_key_figures k
            JOIN unnest({m}, {c}, {y}, {p}) AS s(m, c, y, p)
              ON k."MunicipalityCode" = s.m AND k."CommitteeCode" = s.c AND k."Year" = s.y AND k."PeriodPoint" = s.p
            ORDER BY k."MunicipalityCode", k."CommitteeCode", k."Year", k."PeriodPoint", k."DefinitionCode"
            FOR UPDATE OF k
            """).AsNoTracking().ToListAsync(ct);
    }

    /// <summary>
    /// Keeps each economy row as its newest event carried it — <see cref="EconomyFigure.Apply"/>'s rule in SQL: an
    /// event whose version is not newer than the stored one changes nothing. Returns the rows that changed.
    /// </summary>
    private async Task<List<(Scope Scope, string ActivityCode, string UnitCode)>> UpsertEconomyFiguresAsync(List<ActivityFiguresChanged> rows, CancellationToken ct)
    {
        var changed = new List<(Scope, string, string)>(rows.Count);
        await using var command = new NpgsqlCommand("""
            INSERT INTO economy_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode",
                "Actual", "Costs", "Income", "InterventionCost", "Version", "ChangedAt")
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode") DO UPDATE SET
                "Actual" = excluded."Actual", "Costs" = excluded."Costs", "Income" = excluded."Income",
                "InterventionCost" = excluded."InterventionCost", "Version" = excluded."Version", "ChangedAt" = excluded."ChangedAt"
            WHERE economy_figures."Version" < excluded."Version"
            RETURNING "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode"
            """, Connection);
        AddKeyColumns(command.Parameters, rows);
        command.Parameters.Add(Text(rows.Select(e => e.UnitCode)));
        command.Parameters.Add(Numeric(rows.Select(e => e.Actual)));
        command.Parameters.Add(Numeric(rows.Select(e => e.Costs)));
        command.Parameters.Add(Numeric(rows.Select(e => e.Income)));
        command.Parameters.Add(Numeric(rows.Select(e => e.InterventionCost)));
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(e => e.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(e => e.ChangedAt).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            changed.Add((new Scope(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)), reader.GetString(4), reader.GetString(5)));
        }
        return changed;
    }

    /// <summary>
    /// Feeds committee-level rows' net cost to the per-activity figures — <see cref="ActivityKeyFigure.ApplyEconomyActual"/>'s
    /// rule in SQL (net cost = −Actual, only from a newer version). Only the net cost columns are written, so a volume
    /// recorded concurrently is kept; RecordVolume's concurrency token (UpdatedAt) makes it retry after this. Returns
    /// the changed figures as stored, volume included, for their events.
    /// </summary>
    private Task<List<ActivityKeyFigure>> UpsertActivityKeyFiguresAsync(List<ActivityFiguresChanged> rows, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return Task.FromResult(new List<ActivityKeyFigure>());
        }
        var m = rows.Select(e => e.MunicipalityCode).ToArray();
        var c = rows.Select(e => e.CommitteeCode).ToArray();
        var y = rows.Select(e => e.Year).ToArray();
        var p = rows.Select(e => e.PeriodPoint).ToArray();
        var a = rows.Select(e => e.ActivityCode).ToArray();
        var actual = Numeric(rows.Select(e => e.Actual));
        // EF names the parameters it makes; one it is given must have a name of its own.
        actual.ParameterName = "actual";
        var version = rows.Select(e => e.Version).ToArray();
        return db.ActivityKeyFigures.FromSql($"""
            INSERT INTO activity_key_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode",
                "NetCost", "NetCostSourceVersion", "UpdatedAt")
            SELECT m, c, y, p, a, -actual, version, {now} FROM unnest({m}, {c}, {y}, {p}, {a}, {actual}, {version}) AS u(m, c, y, p, a, actual, version)
            ON CONFLICT ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode") DO UPDATE SET
                "NetCost" = excluded."NetCost", "NetCostSourceVersion" = excluded."NetCostSourceVersion", "UpdatedAt" = excluded."UpdatedAt"
            WHERE activity_key_figures."NetCostSourceVersion" < excluded."NetCostSourceVersion"
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
    }

    /// <summary>Every economy row and entered input of the scopes to recompute, read after this transaction's own writes.</summary>
    private async Task<(Dictionary<Scope, Dictionary<(string, string), EconomyAmounts>> Economy,
        Dictionary<Scope, Dictionary<string, IReadOnlyDictionary<string, decimal>>> Entered)> ReadInputsAsync(List<Scope> scopes, CancellationToken ct)
    {
        const string Join = """
            JOIN unnest($1, $2, $3, $4) AS s(m, c, y, p)
              ON x."MunicipalityCode" = s.m AND x."CommitteeCode" = s.c AND x."Year" = s.y AND x."PeriodPoint" = s.p
            """;
        await using var batch = new NpgsqlBatch(Connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"""
                    SELECT x."MunicipalityCode", x."CommitteeCode", x."Year", x."PeriodPoint", x."ActivityCode", x."UnitCode",
                        x."Actual", x."Costs", x."Income", x."InterventionCost", x."Version"
                    FROM economy_figures x {Join}
                    """),
                new NpgsqlBatchCommand($"""
                    SELECT x."MunicipalityCode", x."CommitteeCode", x."Year", x."PeriodPoint", x."DefinitionCode", x."InputName", x."Value"
                    FROM entered_inputs x {Join}
                    """),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(Text(scopes.Select(s => s.MunicipalityCode)));
            command.Parameters.Add(Text(scopes.Select(s => s.CommitteeCode)));
            command.Parameters.Add(new NpgsqlParameter { Value = scopes.Select(s => s.Year).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = scopes.Select(s => s.PeriodPoint).ToArray() });
        }
        var economy = new Dictionary<Scope, Dictionary<(string, string), EconomyAmounts>>();
        var entered = new Dictionary<Scope, Dictionary<string, Dictionary<string, decimal>>>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var scope = new Scope(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3));
            if (!economy.TryGetValue(scope, out var rows))
            {
                economy[scope] = rows = [];
            }
            rows[(reader.GetString(4), reader.GetString(5))] = new EconomyAmounts(NullableDecimal(reader, 6), NullableDecimal(reader, 7),
                NullableDecimal(reader, 8), NullableDecimal(reader, 9), reader.GetInt64(10));
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var scope = new Scope(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3));
            if (!entered.TryGetValue(scope, out var byDefinition))
            {
                entered[scope] = byDefinition = [];
            }
            var definition = reader.GetString(4);
            if (!byDefinition.TryGetValue(definition, out var inputs))
            {
                byDefinition[definition] = inputs = [];
            }
            inputs[reader.GetString(5)] = reader.GetDecimal(6);
        }
        return (economy, entered.ToDictionary(x => x.Key,
            x => x.Value.ToDictionary(d => d.Key, d => (IReadOnlyDictionary<string, decimal>)d.Value)));
    }

    /// <summary>Changed values updated in place (they are locked), new ones inserted, and the events queued: one round trip.</summary>
    private async Task WriteValuesAndEventsAsync(List<ComputedKeyFigure> updated, List<ComputedKeyFigure> added, List<object> events,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(Connection);
        if (updated.Count > 0)
        {
            var update = new NpgsqlBatchCommand("""
                UPDATE computed_key_figures k SET "Value" = u.value, "NotComputableReason" = u.reason, "Shown" = u.shown,
                    "ComputedAt" = u.computed_at, "ChangedAfterAdoption" = u.changed_after_adoption
                FROM unnest($1, $2, $3, $4, $5, $6) AS u(id, value, reason, shown, computed_at, changed_after_adoption)
                WHERE k."Id" = u.id
                """);
            update.Parameters.Add(new NpgsqlParameter { Value = updated.Select(v => v.Id).ToArray() });
            AddValueColumns(update.Parameters, updated);
            batch.BatchCommands.Add(update);
        }
        if (added.Count > 0)
        {
            // No ON CONFLICT: a value created concurrently means this batch computed from a read that may be stale,
            // so the unique violation sends the whole batch round again.
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO computed_key_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "DefinitionCode", "ActivityCode",
                    "Value", "NotComputableReason", "Shown", "ComputedAt", "ChangedAfterAdoption", "WasAdopted")
                SELECT m, c, y, p, d, a, value, reason, shown, computed_at, changed_after_adoption, false
                FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                    AS u(value, reason, shown, computed_at, changed_after_adoption, m, c, y, p, d, a)
                """);
            AddValueColumns(insert.Parameters, added);
            insert.Parameters.Add(Text(added.Select(v => v.MunicipalityCode)));
            insert.Parameters.Add(Text(added.Select(v => v.CommitteeCode)));
            insert.Parameters.Add(new NpgsqlParameter { Value = added.Select(v => v.Year).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = added.Select(v => v.PeriodPoint).ToArray() });
            insert.Parameters.Add(Text(added.Select(v => v.DefinitionCode)));
            insert.Parameters.Add(Text(added.Select(v => v.ActivityCode)));
            batch.BatchCommands.Add(insert);
        }
        if (events.Count > 0)
        {
            batch.BatchCommands.Add(OutboxExtensions.InsertCommand(events, now));
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static void AddValueColumns(NpgsqlParameterCollection parameters, List<ComputedKeyFigure> values)
    {
        parameters.Add(Numeric(values.Select(v => v.Value)));
        parameters.Add(Text(values.Select(v => v.NotComputableReason)));
        parameters.Add(Text(values.Select(v => v.Shown)));
        parameters.Add(new NpgsqlParameter { Value = values.Select(v => v.ComputedAt).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = values.Select(v => v.ChangedAfterAdoption).ToArray() });
    }

    private static void AddKeyColumns(NpgsqlParameterCollection parameters, List<ActivityFiguresChanged> rows)
    {
        parameters.Add(Text(rows.Select(e => e.MunicipalityCode)));
        parameters.Add(Text(rows.Select(e => e.CommitteeCode)));
        parameters.Add(new NpgsqlParameter { Value = rows.Select(e => e.Year).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = rows.Select(e => e.PeriodPoint).ToArray() });
        parameters.Add(Text(rows.Select(e => e.ActivityCode)));
    }

    private static NpgsqlParameter Text(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Numeric(IEnumerable<decimal?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric };

    private static decimal? NullableDecimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}
