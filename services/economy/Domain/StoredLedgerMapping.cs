using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>A stored <see cref="LedgerMapping"/>: the municipality's (committee "") or one committee's override.</summary>
public sealed class StoredLedgerMapping : ICommitteeScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    /// <summary>Empty for the municipality's mapping, which every committee without its own uses.</summary>
    public string CommitteeCode { get; private set; } = "";
    /// <summary>The mapping as JSON: data, so a kommun changes it without a release.</summary>
    public string Definition { get; private set; } = "{}";
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private StoredLedgerMapping() { }

    public static StoredLedgerMapping Create(string municipalityCode, string committeeCode) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode };

    public LedgerMapping Mapping => LedgerMapping.FromJson(Definition);

    public bool Record(LedgerMapping mapping, DateTimeOffset now)
    {
        var json = mapping.ToJson();
        if (Version > 0 && json == Definition)
        {
            return false;
        }
        (Definition, UpdatedAt) = (json, now);
        Version++;
        return true;
    }
}
