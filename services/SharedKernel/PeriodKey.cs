namespace NamndFollowUp.SharedKernel;

/// <summary>
/// A year and a follow-up point as stored: point 1–12 are months, 13 delår (August), 14 helår.
/// The numbers are those of namnd.common.v1.PeriodPoint, so storage and contract cannot drift apart.
/// </summary>
public readonly record struct PeriodKey(int Year, int Point)
{
    public const int Interim = 13;
    public const int FullYear = 14;

    public Contracts.Common.V1.Period ToProto() =>
        new() { Year = Year, Point = (Contracts.Common.V1.PeriodPoint)Point };

    public override string ToString() => Point switch
    {
        Interim => $"{Year} delår",
        FullYear => $"{Year} helår",
        _ => $"{Year}-{Point:00}",
    };
}
