using System.Text.Json;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// The audit trail's changes (<c>{"Actual": {"from": -1, "to": -2}}</c>) as a person reads them:
/// "Actual: −1 → −2". Anything else the trail holds is shown as it is rather than dropped.
/// </summary>
public static class ChangeDescription
{
    private static readonly TimeZoneInfo? Sweden = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Stockholm", out var zone) ? zone : null;

    /// <summary>The trail's ISO 8601 UTC time as Swedish local time, "2026-11-30 22:12:32"; as it is if it is no time.</summary>
    public static string When(string at) =>
        DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? (Sweden is null ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss' UTC'", System.Globalization.CultureInfo.InvariantCulture)
                : TimeZoneInfo.ConvertTime(time, Sweden).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
            : at;

    public static string Of(string? changesJson)
    {
        if (string.IsNullOrWhiteSpace(changesJson))
        {
            return "";
        }
        try
        {
            using var document = JsonDocument.Parse(changesJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return changesJson;
            }
            // Generated keys (Id, EconomyReportId) say nothing to a person; the entity and its natural key stand beside.
            return string.Join("; ", document.RootElement.EnumerateObject().Where(p => !p.Name.EndsWith("Id", StringComparison.Ordinal)).Select(p =>
                p.Value.ValueKind == JsonValueKind.Object && (p.Value.TryGetProperty("from", out _) || p.Value.TryGetProperty("to", out _))
                    ? $"{p.Name}: {Value(p.Value, "from")} → {Value(p.Value, "to")}"
                    : $"{p.Name}: {Text(p.Value)}"));
        }
        catch (JsonException)
        {
            return changesJson;
        }
    }

    private static string Value(JsonElement change, string name) =>
        change.TryGetProperty(name, out var value) ? Text(value) : "–";

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "–",
        JsonValueKind.String => value.GetString() ?? "",
        _ => value.GetRawText(),
    };
}
