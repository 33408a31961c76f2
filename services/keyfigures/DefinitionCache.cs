using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.KeyFigures.Infrastructure;
using Npgsql;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// A municipality's definitions for the economy consumer, which needs them for every batch while they change a
/// few times a year. Every use checks the cached set against the database's (count, latest UpdatedAt) per
/// municipality — one small aggregate over an index, in the caller's transaction — and reloads only what moved.
/// So a definition saved by this replica, another replica or SQL is seen by the next batch: no TTL to wait out,
/// no invalidation event to lose. Called after the batch locked its stored values, so a definition saved
/// concurrently is either seen or recomputes those values itself after the batch commits.
/// </summary>
public sealed class DefinitionCache
{
    private sealed record Entry(long Count, DateTimeOffset LastUpdated, IReadOnlyList<KeyFigureDefinition> Definitions);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<KeyFigureDefinition>>> GetAsync(KeyFiguresDbContext db,
        IReadOnlyCollection<string> municipalities, CancellationToken ct)
    {
        var stamps = new Dictionary<string, (long Count, DateTimeOffset LastUpdated)>();
        await using (var command = new NpgsqlCommand("""
            SELECT "MunicipalityCode", count(*), max("UpdatedAt") FROM key_figure_definitions
            WHERE "MunicipalityCode" = ANY($1) GROUP BY "MunicipalityCode"
            """, (NpgsqlConnection)db.Database.GetDbConnection()) { Parameters = { new() { Value = municipalities.ToArray() } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                stamps[reader.GetString(0)] = (reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        var result = new Dictionary<string, IReadOnlyList<KeyFigureDefinition>>();
        var stale = new List<string>();
        foreach (var m in municipalities)
        {
            var stamp = stamps.GetValueOrDefault(m);
            if (_entries.TryGetValue(m, out var entry) && entry.Count == stamp.Count && entry.LastUpdated == stamp.LastUpdated)
            {
                result[m] = entry.Definitions;
            }
            else
            {
                stale.Add(m);
            }
        }
        if (stale.Count > 0)
        {
            var loaded = (await db.Definitions.AsNoTracking().Where(d => stale.Contains(d.MunicipalityCode)).ToListAsync(ct))
                .ToLookup(d => d.MunicipalityCode);
            foreach (var m in stale)
            {
                var definitions = loaded[m].OrderBy(d => d.ActivityCode, StringComparer.Ordinal).ThenBy(d => d.SortOrder)
                    .ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
                // The stamp of what was loaded, not the one read before: a save in between then just reloads once more.
                var stamp = (Count: (long)definitions.Count, LastUpdated: definitions.Count == 0 ? default : definitions.Max(d => d.UpdatedAt));
                _entries[m] = new Entry(stamp.Count, stamp.LastUpdated, definitions);
                result[m] = definitions;
            }
        }
        return result;
    }
}
