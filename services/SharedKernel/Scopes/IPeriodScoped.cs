namespace NamndFollowUp.SharedKernel.Scopes;

/// <summary>
/// Data of one committee's follow-up period: a report and everything it reports on. Year and point are
/// stored as two columns (<see cref="PeriodKey"/>'s parts), so indexes and raw SQL keep reading them.
/// </summary>
public interface IPeriodScoped : ICommitteeScoped
{
    int Year { get; }

    /// <summary>1–12 a month, 13 delår, 14 helår (<see cref="PeriodKey"/>).</summary>
    int PeriodPoint { get; }
}
