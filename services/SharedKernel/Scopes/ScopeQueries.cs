namespace NamndFollowUp.SharedKernel.Scopes;

/// <summary>
/// The scope filters, written once and typed: a query names the committee and period instead of
/// spelling four column names (EF translates the interface members to the entity's columns).
/// </summary>
public static class ScopeQueries
{
    public static IQueryable<T> ForPeriod<T>(this IQueryable<T> source, string municipality, string committee, PeriodKey period)
        where T : IPeriodScoped =>
        source.Where(x => x.MunicipalityCode == municipality && x.CommitteeCode == committee
            && x.Year == period.Year && x.PeriodPoint == period.Point);

    public static IQueryable<T> ForCommittee<T>(this IQueryable<T> source, string municipality, string committee)
        where T : ICommitteeScoped =>
        source.Where(x => x.MunicipalityCode == municipality && x.CommitteeCode == committee);

    /// <summary>Every committee's rows of a period in one municipality (the municipality-wide views).</summary>
    public static IQueryable<T> ForMunicipalityPeriod<T>(this IQueryable<T> source, string municipality, PeriodKey period)
        where T : IPeriodScoped =>
        source.Where(x => x.MunicipalityCode == municipality && x.Year == period.Year && x.PeriodPoint == period.Point);
}
