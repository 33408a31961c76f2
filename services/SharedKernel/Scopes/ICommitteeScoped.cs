namespace NamndFollowUp.SharedKernel.Scopes;

/// <summary>Data of one committee in a municipality (catalogues, mappings, answers).</summary>
public interface ICommitteeScoped : IMunicipalityScoped
{
    /// <summary>The committee's code, e.g. SCN (at most <see cref="DomainLimits.CodeMaxLength"/> characters).</summary>
    string CommitteeCode { get; }
}
