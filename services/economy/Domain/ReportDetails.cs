namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// What a "report" record says about the committee's report besides its figures: the forecast its forecast column
/// comes from, and the case data Bilaga 3's header prints as the seed's does (handläggare, the document's date, the
/// committee meeting that treats it). Each null leaves what is stored as it is.
/// </summary>
public sealed record ReportDetails(string? ForecastName, string? PreparedBy = null, DateOnly? DocumentDate = null, DateOnly? CommitteeMeetingDate = null)
{
    /// <summary>A handläggare's name: one line, the bound of a name.</summary>
    public const int PreparedByMaxLength = SharedKernel.DomainLimits.NameMaxLength;
}
