using System.Diagnostics;
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
/// thousands of events, and tracking an entity per row in EF cost more than everything else together. A batch costs
/// three round trips whatever its size, since on a busy machine every round trip waits for the scheduler twice:
/// <list type="number">
/// <item>one NpgsqlBatch: the municipalities' <see cref="DefinitionLock"/>, shared; the inbox (the ids it did not
///   hold before are the batch's new messages); the stored values of its committees and periods, locked; the economy
///   rows and per-activity
///   figures upserted with their version rule; the definitions' stamps (<see cref="DefinitionCache"/>); and every
///   input of those committees and periods, read after the lock and after this transaction's own upserts;</item>
/// <item>the changed values updated, new ones inserted, and their events queued in the outbox;</item>
/// <item>the commit.</item>
/// </list>
/// Values are still computed by <see cref="KeyFigureCalculator"/> and stored through <see cref="ComputedKeyFigure.Apply"/>,
/// so "changed after adoption" and "not computable" follow the same rules as for an entered input. The consumer's
/// derived rows are not audited row by row: the economy rows are economy's (audited there), and every value it changes
/// goes out in an event (docs/keyfigures.md).
/// </summary>
public sealed class EconomyIntake(KeyFiguresDbContext db, DefinitionCache definitionCache, TimeProvider time, ILogger<EconomyIntake> logger)
{
    public const string Consumer = nameof(ActivityFiguresChangedConsumer);

    private readonly record struct Scope(string MunicipalityCode, string CommitteeCode, int Year, int PeriodPoint);

    private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

    /// <summary>Applies the batch in the caller's transaction; returns the ids of its messages that were new.</summary>
    public async Task<IReadOnlySet<Guid>> TakeAsync(IReadOnlyList<(Guid MessageId, ActivityFiguresChanged Event)> batch, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var received = batch.Select(m => m.Event).ToList();
        var scopes = received.Select(e => new Scope(e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint)).Distinct().ToList();
        // The newest event per row: a batch may hold a row twice (a correction right after the import). Sorted, so two
        // batches upserting the same rows take their locks in the same order.
        var newest = received.GroupBy(e => (e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint, e.ActivityCode, e.UnitCode))
            .Select(g => g.MaxBy(e => e.Version)!)
            .OrderBy(e => e.MunicipalityCode, StringComparer.Ordinal).ThenBy(e => e.CommitteeCode, StringComparer.Ordinal)
            .ThenBy(e => e.Year).ThenBy(e => e.PeriodPoint).ThenBy(e => e.ActivityCode, StringComparer.Ordinal).ThenBy(e => e.UnitCode, StringComparer.Ordinal)
            .ToList();
        var committeeRows = newest.Where(e => e.UnitCode.Length == 0).ToList();
        var municipalities = scopes.Select(s => s.MunicipalityCode).Distinct().ToList();

        // The inbox goes in the same round trip as the upserts rather than before them: a message handled before
        // changes nothing there anyway, since its version is not newer than what it stored then.
        await using var read = new NpgsqlBatch(Connection);
        read.BatchCommands.Add(DefinitionLock.SharedCommand(municipalities));
        read.BatchCommands.Add(Receive(batch, now));
        read.BatchCommands.Add(LockStoredValues(scopes));
        read.BatchCommands.Add(UpsertEconomyFigures(newest));
        if (committeeRows.Count > 0)
        {
            read.BatchCommands.Add(UpsertActivityKeyFigures(committeeRows, now));
        }
        read.BatchCommands.Add(DefinitionCache.StampCommand(municipalities));
        read.BatchCommands.Add(ReadEconomyFigures(scopes));
        read.BatchCommands.Add(ReadEnteredInputs(scopes));

        var outgoing = new List<object>();
        List<ComputedKeyFigure> stored;
        List<(Scope Scope, string ActivityCode, string UnitCode)> changed;
        Dictionary<string, DefinitionCache.Stamp> stamps;
        Dictionary<Scope, Dictionary<(string, string), EconomyAmounts>> economy;
        Dictionary<Scope, Dictionary<string, Dictionary<string, decimal>>> entered;
        var fresh = new HashSet<Guid>();
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct); // past the lock's rows
            while (await reader.ReadAsync(ct))
            {
                fresh.Add(reader.GetGuid(0));
            }
            await reader.NextResultAsync(ct);
            stored = await ReadStoredValuesAsync(reader, ct);
            await reader.NextResultAsync(ct);
            changed = await ReadChangedEconomyRowsAsync(reader, ct);
            if (committeeRows.Count > 0)
            {
                await reader.NextResultAsync(ct);
                // One event per committee and period rather than per figure: a bulk import changes thousands
                // at once, and an outbox row, a publish and a delivery each per figure were a third of the work.
                foreach (var figures in (await ReadActivityKeyFiguresAsync(reader, ct)).GroupBy(f => (f.MunicipalityCode, f.CommitteeCode, f.Year, f.PeriodPoint)))
                {
                    outgoing.Add(new ActivityKeyFiguresRecomputed(figures.Key.MunicipalityCode, figures.Key.CommitteeCode,
                        figures.Key.Year, figures.Key.PeriodPoint, [.. figures.Select(f => f.ToRecomputedEvent())]));
                }
            }
            await reader.NextResultAsync(ct);
            stamps = await DefinitionCache.ReadStampsAsync(reader, ct);
            await reader.NextResultAsync(ct);
            economy = await ReadEconomyAsync(reader, ct);
            await reader.NextResultAsync(ct);
            entered = await ReadEnteredAsync(reader, ct);
        }
        var readDone = watch.ElapsedMilliseconds;
        if (fresh.Count < batch.Count)
        {
            logger.LogDebug("{Duplicates} of {Count} messages were handled before", batch.Count - fresh.Count, batch.Count);
        }
        if (changed.Count < newest.Count)
        {
            logger.LogDebug("{Ignored} economy rows ignored: an equal or newer version was applied before", newest.Count - changed.Count);
        }

        var definitions = await definitionCache.GetAsync(db, municipalities, stamps, ct);
        var storedByKey = stored.ToDictionary(v => (new Scope(v.MunicipalityCode, v.CommitteeCode, v.Year, v.PeriodPoint), v.DefinitionCode));
        var updated = new List<ComputedKeyFigure>();
        var added = new List<ComputedKeyFigure>();
        foreach (var rows in changed.GroupBy(x => x.Scope))
        {
            var scope = rows.Key;
            var scopeEconomy = economy.GetValueOrDefault(scope);
            var scopeEntered = entered.GetValueOrDefault(scope);
            var changedHere = new List<ComputedKeyFigure>();
            foreach (var definition in definitions[scope.MunicipalityCode].Where(d => rows.Any(x => d.DependsOnEconomy(x.ActivityCode, x.UnitCode))))
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
                outgoing.Add(ComputedKeyFigure.RecomputedEvent(changedHere));
            }
        }
        await WriteValuesAndEventsAsync(updated, added, outgoing, now, ct);
        logger.LogDebug("Batch of {Count} ({Scopes} committees and periods): inbox, locks and reads {Read} ms, compute and write {Write} ms",
            batch.Count, scopes.Count, readDone, watch.ElapsedMilliseconds - readDone);
        return fresh;
    }

    /// <summary>The inbox in one statement; it returns the ids it did not hold before, i.e. the batch's new messages.</summary>
    private static NpgsqlBatchCommand Receive(IReadOnlyList<(Guid MessageId, ActivityFiguresChanged Event)> batch, DateTimeOffset now) => new("""
        INSERT INTO inbox_messages ("MessageId", "Consumer", "ReceivedAt")
        SELECT id, $2, $3 FROM unnest($1) AS id
        ON CONFLICT DO NOTHING
        RETURNING "MessageId"
        """)
    {
        Parameters = { new() { Value = batch.Select(m => m.MessageId).Distinct().ToArray() }, new() { Value = Consumer }, new() { Value = now } },
    };

    /// <summary>
    /// The stored values of the batch's committees and periods, locked in one fixed order (PostgreSQL's), as in
    /// <see cref="Recomputation"/>: a concurrent writer of an input (an entered volume, another batch) waits for this
    /// transaction and reads its inputs after it. A value that does not exist yet cannot be locked; two transactions
    /// creating it collide on its unique index and the later one runs again (<see cref="ConflictRetry"/>).
    /// </summary>
    private static NpgsqlBatchCommand LockStoredValues(List<Scope> scopes) => WithScopes(new("""
        SELECT x."Id", x."MunicipalityCode", x."CommitteeCode", x."Year", x."PeriodPoint", x."DefinitionCode", x."ActivityCode",
            x."Value", x."NotComputableReason", x."Shown", x."ComputedAt", x."WasAdopted", x."AdoptedValue", x."AdoptedShown", x."ChangedAfterAdoption"
        FROM computed_key_figures x
        JOIN unnest($1, $2, $3, $4) AS s(m, c, y, p)
          ON x."MunicipalityCode" = s.m AND x."CommitteeCode" = s.c AND x."Year" = s.y AND x."PeriodPoint" = s.p
        ORDER BY x."MunicipalityCode", x."CommitteeCode", x."Year", x."PeriodPoint", x."DefinitionCode"
        FOR UPDATE OF x
        """), scopes);

    private static async Task<List<ComputedKeyFigure>> ReadStoredValuesAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var values = new List<ComputedKeyFigure>();
        while (await r.ReadAsync(ct))
        {
            values.Add(ComputedKeyFigure.Restore(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5),
                r.GetString(6), NullableDecimal(r, 7), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9), r.GetFieldValue<DateTimeOffset>(10),
                r.GetBoolean(11), NullableDecimal(r, 12), r.IsDBNull(13) ? null : r.GetString(13), r.GetBoolean(14)));
        }
        return values;
    }

    /// <summary>
    /// Keeps each economy row as its newest event carried it — <see cref="EconomyFigure.Apply"/>'s rule in SQL: an
    /// event whose version is not newer than the stored one changes nothing. Returns the rows that changed.
    /// </summary>
    private static NpgsqlBatchCommand UpsertEconomyFigures(List<ActivityFiguresChanged> rows)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO economy_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode",
                "Actual", "Costs", "Income", "InterventionCost", "Version", "ChangedAt")
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode") DO UPDATE SET
                "Actual" = excluded."Actual", "Costs" = excluded."Costs", "Income" = excluded."Income",
                "InterventionCost" = excluded."InterventionCost", "Version" = excluded."Version", "ChangedAt" = excluded."ChangedAt"
            WHERE economy_figures."Version" < excluded."Version"
            RETURNING "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode"
            """);
        AddRowKeys(command.Parameters, rows);
        command.Parameters.Add(Text(rows.Select(e => e.UnitCode)));
        command.Parameters.Add(Numeric(rows.Select(e => e.Actual)));
        command.Parameters.Add(Numeric(rows.Select(e => e.Costs)));
        command.Parameters.Add(Numeric(rows.Select(e => e.Income)));
        command.Parameters.Add(Numeric(rows.Select(e => e.InterventionCost)));
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(e => e.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(e => e.ChangedAt).ToArray() });
        return command;
    }

    private static async Task<List<(Scope, string, string)>> ReadChangedEconomyRowsAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var changed = new List<(Scope, string, string)>();
        while (await r.ReadAsync(ct))
        {
            changed.Add((new Scope(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)), r.GetString(4), r.GetString(5)));
        }
        return changed;
    }

    /// <summary>
    /// Feeds committee-level rows' net cost to the per-activity figures — <see cref="ActivityKeyFigure.ApplyEconomyActual"/>'s
    /// rule in SQL (net cost = −Actual, only from a newer version). Only the net cost columns are written, so a volume
    /// recorded concurrently is kept, and RecordVolume's concurrency token (UpdatedAt) makes it retry after this. Returns
    /// the changed figures as stored, volume included, for their events.
    /// </summary>
    private static NpgsqlBatchCommand UpsertActivityKeyFigures(List<ActivityFiguresChanged> rows, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO activity_key_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode",
                "NetCost", "NetCostSourceVersion", "UpdatedAt")
            SELECT m, c, y, p, a, -actual, version, $8 FROM unnest($1, $2, $3, $4, $5, $6, $7) AS u(m, c, y, p, a, actual, version)
            ON CONFLICT ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode") DO UPDATE SET
                "NetCost" = excluded."NetCost", "NetCostSourceVersion" = excluded."NetCostSourceVersion", "UpdatedAt" = excluded."UpdatedAt"
            WHERE activity_key_figures."NetCostSourceVersion" < excluded."NetCostSourceVersion"
            RETURNING "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "NetCost", "NetCostSourceVersion",
                "VolumeKind", "Volume", "UpdatedAt"
            """);
        AddRowKeys(command.Parameters, rows);
        command.Parameters.Add(Numeric(rows.Select(e => e.Actual)));
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(e => e.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return command;
    }

    private static async Task<List<ActivityKeyFigure>> ReadActivityKeyFiguresAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var figures = new List<ActivityKeyFigure>();
        while (await r.ReadAsync(ct))
        {
            figures.Add(ActivityKeyFigure.Restore(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4),
                NullableDecimal(r, 5), r.GetInt64(6), r.IsDBNull(7) ? null : Enum.Parse<VolumeKind>(r.GetString(7)),
                NullableDecimal(r, 8), r.GetFieldValue<DateTimeOffset>(9)));
        }
        return figures;
    }

    /// <summary>Every economy row of the scopes (all of a committee's period, since a definition may combine activities).</summary>
    private static NpgsqlBatchCommand ReadEconomyFigures(List<Scope> scopes) => WithScopes(new("""
        SELECT x."MunicipalityCode", x."CommitteeCode", x."Year", x."PeriodPoint", x."ActivityCode", x."UnitCode",
            x."Actual", x."Costs", x."Income", x."InterventionCost", x."Version"
        FROM economy_figures x
        JOIN unnest($1, $2, $3, $4) AS s(m, c, y, p)
          ON x."MunicipalityCode" = s.m AND x."CommitteeCode" = s.c AND x."Year" = s.y AND x."PeriodPoint" = s.p
        """), scopes);

    private static async Task<Dictionary<Scope, Dictionary<(string, string), EconomyAmounts>>> ReadEconomyAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var economy = new Dictionary<Scope, Dictionary<(string, string), EconomyAmounts>>();
        while (await r.ReadAsync(ct))
        {
            var scope = new Scope(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3));
            if (!economy.TryGetValue(scope, out var rows))
            {
                economy[scope] = rows = [];
            }
            rows[(r.GetString(4), r.GetString(5))] = new EconomyAmounts(NullableDecimal(r, 6), NullableDecimal(r, 7),
                NullableDecimal(r, 8), NullableDecimal(r, 9), r.GetInt64(10));
        }
        return economy;
    }

    private static NpgsqlBatchCommand ReadEnteredInputs(List<Scope> scopes) => WithScopes(new("""
        SELECT x."MunicipalityCode", x."CommitteeCode", x."Year", x."PeriodPoint", x."DefinitionCode", x."InputName", x."Value"
        FROM entered_inputs x
        JOIN unnest($1, $2, $3, $4) AS s(m, c, y, p)
          ON x."MunicipalityCode" = s.m AND x."CommitteeCode" = s.c AND x."Year" = s.y AND x."PeriodPoint" = s.p
        """), scopes);

    private static async Task<Dictionary<Scope, Dictionary<string, Dictionary<string, decimal>>>> ReadEnteredAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var entered = new Dictionary<Scope, Dictionary<string, Dictionary<string, decimal>>>();
        while (await r.ReadAsync(ct))
        {
            var scope = new Scope(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3));
            if (!entered.TryGetValue(scope, out var byDefinition))
            {
                entered[scope] = byDefinition = [];
            }
            var definition = r.GetString(4);
            if (!byDefinition.TryGetValue(definition, out var inputs))
            {
                byDefinition[definition] = inputs = [];
            }
            inputs[r.GetString(5)] = r.GetDecimal(6);
        }
        return entered;
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
                FROM unnest($1, $2, $3, $4, $5, $6) AS u(value, reason, shown, computed_at, changed_after_adoption, id)
                WHERE k."Id" = u.id
                """);
            AddValueColumns(update.Parameters, updated);
            update.Parameters.Add(new NpgsqlParameter { Value = updated.Select(v => v.Id).ToArray() });
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
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    private static NpgsqlBatchCommand WithScopes(NpgsqlBatchCommand command, List<Scope> scopes)
    {
        command.Parameters.Add(Text(scopes.Select(s => s.MunicipalityCode)));
        command.Parameters.Add(Text(scopes.Select(s => s.CommitteeCode)));
        command.Parameters.Add(new NpgsqlParameter { Value = scopes.Select(s => s.Year).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = scopes.Select(s => s.PeriodPoint).ToArray() });
        return command;
    }

    private static void AddValueColumns(NpgsqlParameterCollection parameters, List<ComputedKeyFigure> values)
    {
        parameters.Add(Numeric(values.Select(v => v.Value)));
        parameters.Add(Text(values.Select(v => v.NotComputableReason)));
        parameters.Add(Text(values.Select(v => v.Shown)));
        parameters.Add(new NpgsqlParameter { Value = values.Select(v => v.ComputedAt).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = values.Select(v => v.ChangedAfterAdoption).ToArray() });
    }

    private static void AddRowKeys(NpgsqlParameterCollection parameters, List<ActivityFiguresChanged> rows)
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
