using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>
/// A set of municipalities the committee compares itself with (Kolada's municipality groups, or a network
/// such as R12). Kolada's own country value has the id "0000" and needs no group.
/// </summary>
public sealed class ComparisonGroup : IMunicipalityScoped
{
    public long Id { get; private set; }
    /// <summary>The municipality that compares itself with the group.</summary>
    public string MunicipalityCode { get; private set; } = "";
    /// <summary>Kolada's group id (e.g. G124054) or the network's own name (R12).</summary>
    public string GroupId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public List<string> Members { get; private set; } = [];
    public DateTimeOffset UpdatedAt { get; private set; }

    private ComparisonGroup() { }

    public static ComparisonGroup Create(string municipality, string groupId) => new() { MunicipalityCode = municipality, GroupId = groupId };

    public void Define(string name, IEnumerable<string> members, DateTimeOffset now)
    {
        Name = name;
        Members = members.Distinct().Order(StringComparer.Ordinal).ToList();
        UpdatedAt = now;
    }
}
