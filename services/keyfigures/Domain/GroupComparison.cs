namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>A Kolada value a comparison used: the area (municipality or group), the value and Kolada's status flag on it.</summary>
public sealed record ComparedValue(string AreaId, decimal Value, string Status);

/// <summary>
/// The committee's value against one group. <paramref name="GroupStatus"/> is Kolada's flag on the group's own
/// value when Kolada gave it ("" otherwise); <paramref name="Values"/> are the members' values that went into
/// the mean and the rank, each with its flag.
/// </summary>
public sealed record GroupComparison(string GroupId, string Name, decimal? GroupValue, bool GroupValueFromMembers, int Members,
    decimal? Difference, decimal? DifferencePercent, int? Rank, int Ranked)
{
    public string GroupStatus { get; init; } = "";
    public IReadOnlyList<ComparedValue> Values { get; init; } = [];
}
