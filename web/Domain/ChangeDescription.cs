using System.Text.Json;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// The audit trail's changes (<c>{"Actual": {"from": -1, "to": -2}}</c>) as a person reads them:
/// "Actual: −1 → −2". Anything else the trail holds is shown as it is rather than dropped.
/// </summary>
public static class ChangeDescription
{
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
            return string.Join("; ", document.RootElement.EnumerateObject().Select(p =>
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
