using System.Globalization;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Reports;

/// <summary>The report state and its dates as the contracts carry them (google.type.Date).</summary>
public static class ReportStates
{
    /// <summary>A report the service does not have yet: status unspecified, version 0.</summary>
    public static ReportState None => new() { Status = ReportStatus.Unspecified };

    public static ReportState ToProto(this ReportLifecycle lifecycle) => new()
    {
        Status = lifecycle.Status,
        Version = lifecycle.Version,
        CaseNumber = lifecycle.CaseNumber ?? "",
        DecisionDate = lifecycle.DecisionDate?.ToProto(),
    };

    public static ReportState ToProto(this ReportSnapshot snapshot) => new()
    {
        Status = snapshot.Status,
        Version = snapshot.Version,
        CaseNumber = snapshot.CaseNumber ?? "",
        DecisionDate = snapshot.DecisionDate?.ToProto(),
    };

    public static Google.Type.Date ToProto(this DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    /// <summary>A whole calendar date, or a violation naming the field; null when absent or invalid.</summary>
    public static DateOnly? Date(this RequestValidator v, string field, Google.Type.Date? date, bool required)
    {
        if (date is null || date is { Year: 0, Month: 0, Day: 0 })
        {
            if (required)
            {
                v.Add(field, "is required: {\"year\": 2025, \"month\": 2, \"day\": 7}");
            }
            return null;
        }
        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            v.Add(field, $"must be a whole calendar date (year 1–9999, month 1–12, a day of that month), got {date.Year}-{date.Month}-{date.Day}");
            return null;
        }
        return new DateOnly(date.Year, date.Month, date.Day);
    }

    /// <summary>yyyy-MM-dd as a person reads it in the documents; empty when there is no date.</summary>
    public static string Shown(this Google.Type.Date? date) =>
        date is null || date.Year == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{date.Year:0000}-{date.Month:00}-{date.Day:00}");
}
