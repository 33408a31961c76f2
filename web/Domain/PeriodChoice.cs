using NamndFollowUp.Contracts.Common.V1;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// A period as the pages name it: year and follow-up point, in the address as <c>?ar=2024&amp;tidpunkt=helar</c>
/// (months 01–12, <c>delar</c>, <c>helar</c>).
/// </summary>
public sealed record PeriodChoice(int Year, PeriodPoint Point)
{
    public static readonly PeriodChoice Fallback = new(2024, PeriodPoint.FullYear);

    /// <summary>The year's follow-ups in the order they are made: the delår comes with August's figures.</summary>
    public static readonly PeriodPoint[] Order =
    [
        PeriodPoint.Month01, PeriodPoint.Month02, PeriodPoint.Month03, PeriodPoint.Month04, PeriodPoint.Month05,
        PeriodPoint.Month06, PeriodPoint.Month07, PeriodPoint.Month08, PeriodPoint.Interim, PeriodPoint.Month09,
        PeriodPoint.Month10, PeriodPoint.Month11, PeriodPoint.Month12, PeriodPoint.FullYear,
    ];

    public Period ToProto() => new() { Year = Year, Point = Point };

    public string Slug => SlugOf(Point);

    public string Name => $"{NameOf(Point)} {Year}";

    /// <summary>The query string of the gateway's REST routes.</summary>
    public string Query => $"period.year={Year}&period.point={Point switch
    {
        PeriodPoint.Interim => "PERIOD_POINT_INTERIM",
        PeriodPoint.FullYear => "PERIOD_POINT_FULL_YEAR",
        _ => $"PERIOD_POINT_MONTH_{(int)Point:00}",
    }}";

    /// <summary>This app's own query string.</summary>
    public string PageQuery => $"ar={Year}&tidpunkt={Slug}";

    /// <summary>The earlier follow-ups of the same year, the nearest first.</summary>
    public IEnumerable<PeriodChoice> Earlier() =>
        Order.TakeWhile(p => p != Point).Reverse().Select(p => this with { Point = p });

    public static PeriodChoice Parse(string? year, string? point, PeriodChoice fallback)
    {
        var y = int.TryParse(year, out var parsed) && parsed is >= 2000 and <= 2100 ? parsed : fallback.Year;
        var p = Order.FirstOrDefault(o => SlugOf(o) == point, fallback.Point);
        return new PeriodChoice(y, p);
    }

    public static string SlugOf(PeriodPoint point) => point switch
    {
        PeriodPoint.Interim => "delar",
        PeriodPoint.FullYear => "helar",
        _ => ((int)point).ToString("00", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string NameOf(PeriodPoint point) => point switch
    {
        PeriodPoint.Interim => "Delår",
        PeriodPoint.FullYear => "Helår",
        PeriodPoint.Unspecified => "–",
        _ => System.Globalization.CultureInfo.GetCultureInfo("sv-SE").DateTimeFormat.GetMonthName((int)point) is { } m
            ? char.ToUpperInvariant(m[0]) + m[1..]
            : point.ToString(),
    };
}
