using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.KeyFigures.Infrastructure;
using Npgsql;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// A municipality's definitions for the economy consumer, which needs them for every batch while they change a
/// few times a year. Every batch checks the cached set against the database's (count, latest UpdatedAt) per
/// municipality — one small aggregate over an index, sent in the batch's round trip — and reloads only what moved.
/// So a definition saved by this replica, another replica or SQL is seen by the next batch: no TTL to wait out,
/// no invalidation event to lose. The batch reads the stamp under its <see cref="DefinitionLock"/>, so a definition
/// saved concurrently is either seen, or its save waits for the batch and recomputes from what the batch wrote.
/// </summary>
public sealed class DefinitionCache
{
    public readonly record struct Stamp(long Count, DateTimeOffset LastUpdated);

    private sealed record Entry(Stamp Stamp, IReadOnlyList<KeyFigureDefinition> Definitions);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>The stamps of <paramref name="municipalities"/>, to read with <see cref="ReadStampsAsync"/>.</summary>
    public static NpgsqlBatchCommand StampCommand(IEnumerable<string> municipalities) => new("""
        SELECT "MunicipalityCode", count(*), max("UpdatedAt") FROM key_figure_definitions
        WHERE "MunicipalityCode" = ANY($1) GROUP BY "MunicipalityCode"
        """)
    {
        Parameters = { new NpgsqlParameter { Value = municipalities.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text } },
    };

    public static async Task<Dictionary<string, Stamp>> ReadStampsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var stamps = new Dictionary<string, Stamp>();
        while (await reader.ReadAsync(ct))
        {
            stamps[reader.GetString(0)] = new Stamp(reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
        }
        return stamps;
    }

    /// <summary>The definitions of each municipality: cached when its stamp still matches, otherwise loaded (one query for all stale ones).</summary>
    public async Task<Dictionary<string, IReadOnlyList<KeyFigureDefinition>>> GetAsync(KeyFiguresDbContext db,
        IReadOnlyCollection<string> municipalities, IReadOnlyDictionary<string, Stamp> stamps, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<KeyFigureDefinition>>();
        var stale = new List<string>();
        foreach (var m in municipalities)
        {
            if (_entries.TryGetValue(m, out var entry) && entry.Stamp == stamps.GetValueOrDefault(m))
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
                var stamp = definitions.Count == 0 ? default : new Stamp(definitions.Count, definitions.Max(d => d.UpdatedAt));
                _entries[m] = new Entry(stamp, definitions);
                result[m] = definitions;
            }
        }
        return result;
    }
}
