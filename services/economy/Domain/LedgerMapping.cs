using System.Text.Json;
using System.Text.Json.Serialization;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// How one ledger's coding maps onto the follow-up: which SIE dimension holds the activity (verksamhet) and
/// which the unit (ansvar, kostnadsställe), how objects become codes, and what each account range is.
/// Stored per municipality and overridable per committee, because each kommun codes in its own dimensions
/// (Unit4/Agresso, Raindance, Visma, Hogia and Fortnox exports all differ) — nothing here is assumed.
/// </summary>
public sealed record LedgerMapping
{
    /// <summary>The dimension (#DIM or #UNDERDIM number) whose objects are activity codes.</summary>
    public int ActivityDimension { get; init; }
    /// <summary>The dimension whose objects are unit codes; 0 = the file's figures are at activity level only.</summary>
    public int UnitDimension { get; init; }
    /// <summary>The activity of balances and transactions without an object of the activity dimension (a ledger without dimensions); empty = they are left out.</summary>
    public string DefaultActivity { get; init; } = "";
    /// <summary>Object code → activity code; empty = the object code is the activity code. An object not listed is left out.</summary>
    public IReadOnlyDictionary<string, string> ActivityObjects { get; init; } = new Dictionary<string, string>();
    /// <summary>Object code → unit code; empty = the object code is the unit code.</summary>
    public IReadOnlyDictionary<string, string> UnitObjects { get; init; } = new Dictionary<string, string>();
    /// <summary>Account ranges in order; the first that holds an account decides. An account in none is left out. Empty = BAS: 3000–3999 income, 4000–8999 cost.</summary>
    public IReadOnlyList<AccountRange> Accounts { get; init; } = [];

    public static readonly IReadOnlyList<AccountRange> BasResultAccounts = [new(3000, 3999, AccountKind.Income), new(4000, 8999, AccountKind.Cost)];

    /// <summary>The kind of an account, or null when no range holds it.</summary>
    public AccountKind? KindOf(int account)
    {
        foreach (var range in Accounts.Count == 0 ? BasResultAccounts : Accounts)
        {
            if (account >= range.From && account <= range.To)
            {
                return range.Kind;
            }
        }
        return null;
    }

    public string? ActivityOf(string objectCode) => Translate(ActivityObjects, objectCode);

    public string? UnitOf(string objectCode) => Translate(UnitObjects, objectCode);

    private static string? Translate(IReadOnlyDictionary<string, string> codes, string objectCode) =>
        codes.Count == 0 ? objectCode : codes.TryGetValue(objectCode, out var code) ? code : null;

    /// <summary>What is wrong with the mapping itself, as (field, reason); empty when it can be used.</summary>
    public IEnumerable<(string Field, string Reason)> Problems()
    {
        if (ActivityDimension <= 0 && DefaultActivity.Length == 0)
        {
            yield return ("activity_dimension", "name the dimension whose objects are activity codes, or a default activity for a ledger without one");
        }
        if (ActivityDimension < 0 || ActivityDimension > 9999)
        {
            yield return ("activity_dimension", $"must be an SIE dimension number 1–9999, got {ActivityDimension}");
        }
        if (UnitDimension < 0 || UnitDimension > 9999 || (UnitDimension != 0 && UnitDimension == ActivityDimension))
        {
            yield return ("unit_dimension", $"must be 0 (none) or a dimension other than the activity's, got {UnitDimension}");
        }
        for (var i = 0; i < Accounts.Count; i++)
        {
            if (Accounts[i].From > Accounts[i].To || Accounts[i].From < 0)
            {
                yield return ($"accounts[{i}]", $"from {Accounts[i].From} must be a non-negative account not above to {Accounts[i].To}");
            }
            if (!Enum.IsDefined(Accounts[i].Kind))
            {
                yield return ($"accounts[{i}].kind", "must be cost, income, internal or ignore");
            }
        }
    }

    /// <summary>In words, for an answer that says why a file mapped to nothing.</summary>
    public string Describe() =>
        (ActivityDimension > 0 ? $"activity from dimension {ActivityDimension}" : "no activity dimension")
        + (UnitDimension > 0 ? $", unit from dimension {UnitDimension}" : "")
        + (DefaultActivity.Length > 0 ? $", default activity {DefaultActivity}" : "")
        + (ActivityObjects.Count > 0 ? $", {ActivityObjects.Count} activity objects listed" : "");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static LedgerMapping FromJson(string json) => JsonSerializer.Deserialize<LedgerMapping>(json, Json) ?? new LedgerMapping();
}
