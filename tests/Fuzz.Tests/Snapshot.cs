using System.Net.Http.Headers;
using System.Text;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// What a municipality has stored, as its own office reads it through the gateway: per service the BI export's
/// fact sets (rows.csv) and the committee's reads (figures, result summary, follow-up, key-figure sheet …). Two
/// snapshots are equal when nothing was stored in between — how "a refused write stores nothing" is checked.
/// </summary>
public sealed record Snapshot(IReadOnlyDictionary<string, string> Reads)
{
    private const string FullYear = "period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    public static IReadOnlyList<string> Paths(Tenant t, string service)
    {
        var m = $"/api/v1/{service}/municipalities/{t.Municipality}";
        var c = $"{m}/committees/{t.Committee}";
        return service switch
        {
            "economy" =>
            [
                $"{m}/facts/activity_figures/rows.csv", $"{m}/activity-codes", $"{c}/figures?{FullYear}", $"{c}/result-summary?{FullYear}",
                $"{c}/savings?{FullYear}", $"{c}/report?{FullYear}", $"{c}/report/history?{FullYear}",
            ],
            "planning" =>
            [
                $"{m}/facts/follow_ups/rows.csv", $"{m}/facts/assignment_status_reports/rows.csv", $"{m}/plans/2024",
                $"{c}/follow-up?{FullYear}", $"{c}/assignment-statuses?{FullYear}",
            ],
            "keyfigures" =>
            [
                $"{m}/facts/computed_key_figures/rows.csv", $"{m}/facts/entered_inputs/rows.csv", $"{m}/definitions",
                $"{c}/sheet?{FullYear}",
            ],
            _ => throw new ArgumentException(service),
        };
    }

    public static async Task<Snapshot> TakeAsync(FuzzSuite suite, Tenant tenant, IEnumerable<string> services)
    {
        var token = suite.Token(tenant.Municipality, null, Roles.MunicipalOffice, Roles.BiReader);
        var paths = services.SelectMany(s => Paths(tenant, s)).ToList();
        var answers = await Task.WhenAll(paths.Select(async path =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await suite.Rest.SendAsync(request);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }));
        var reads = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            reads[paths[i]] = answers[i];
        }
        return new Snapshot(reads);
    }

    /// <summary>
    /// A snapshot once the suite has settled: accepted writes publish events that other services consume a moment
    /// later (economy's figures become key-figure inputs), so read until two reads a second apart agree.
    /// </summary>
    public static async Task<Snapshot> TakeSettledAsync(FuzzSuite suite, Tenant tenant, IEnumerable<string> services)
    {
        var list = services.ToList();
        var previous = await TakeAsync(suite, tenant, list);
        for (var attempt = 0; attempt < 34; attempt++)
        {
            // Longer than the outbox's poll interval (FuzzSuite: 0.5 s), so two equal reads have a poll between them.
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            var next = await TakeAsync(suite, tenant, list);
            if (previous.Difference(next) is null)
            {
                return next;
            }
            previous = next;
        }
        throw new InvalidOperationException($"{tenant.Municipality}'s data did not settle within 20 s");
    }

    /// <summary>The first read of <paramref name="after"/> that differs from this one's (both shortened), or null when none does.</summary>
    public string? Difference(Snapshot after)
    {
        foreach (var (path, now) in after.Reads)
        {
            var before = Reads.GetValueOrDefault(path) ?? "(not read)";
            if (now != before)
            {
                return $"GET {path}: before {Shorten(before, now)}";
            }
        }
        return null;
    }

    /// <summary>Where two reads part, with some context, so the finding shows what changed.</summary>
    private static string Shorten(string before, string after)
    {
        var i = 0;
        while (i < before.Length && i < after.Length && before[i] == after[i])
        {
            i++;
        }
        var from = Math.Max(0, i - 80);
        string Part(string s) => s.Length <= from ? "" : s.Substring(from, Math.Min(240, s.Length - from));
        var sb = new StringBuilder();
        sb.Append('…').Append(Part(before)).Append("…, after …").Append(Part(after)).Append('…');
        return sb.ToString();
    }
}
