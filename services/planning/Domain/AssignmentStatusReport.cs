using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning.Domain;

/// <summary>The fixed vocabulary of an assignment's status at a follow-up.</summary>
public enum AssignmentStatus
{
    NotStarted = 1,
    InProgress = 2,
    Done = 3,
    Cancelled = 4,
    Postponed = 5,
}

public static class AssignmentStatusWords
{
    /// <summary>
    /// Reads the status words committees write in their reports. The seed says both "Klar" and
    /// "Färdig" for done; both are stored as <see cref="AssignmentStatus.Done"/>.
    /// </summary>
    public static AssignmentStatus? Parse(string word) => Words(word) switch
    {
        "klar" or "färdig" or "genomförd" or "done" => AssignmentStatus.Done,
        "pågående" or "pågår" or "påbörjad" or "in progress" => AssignmentStatus.InProgress,
        "ej påbörjad" or "ej startad" or "not started" => AssignmentStatus.NotStarted,
        "avbruten" or "struken" or "cancelled" => AssignmentStatus.Cancelled,
        "senarelagd" or "uppskjuten" or "postponed" => AssignmentStatus.Postponed,
        _ => null,
    };

    // Systems that export codes send the contract's enum names (ASSIGNMENT_STATUS_DONE): read them as words.
    private static string Words(string word)
    {
        var w = word.Normalize().Trim().ToLowerInvariant();
        return w.StartsWith("assignment_status_", StringComparison.Ordinal) ? w["assignment_status_".Length..].Replace('_', ' ') : w;
    }

    /// <summary>The Swedish word a report shows.</summary>
    public static string ToSwedish(this AssignmentStatus status) => status switch
    {
        AssignmentStatus.NotStarted => "Ej påbörjad",
        AssignmentStatus.InProgress => "Pågående",
        AssignmentStatus.Done => "Klar",
        AssignmentStatus.Cancelled => "Avbruten",
        AssignmentStatus.Postponed => "Senarelagd",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>A committee's status and comment for one numbered assignment at one follow-up.</summary>
public sealed class AssignmentStatusReport : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public int AssignmentNumber { get; private set; }
    public AssignmentStatus Status { get; private set; }
    public string Comment { get; private set; } = "";
    /// <summary>The seed's special template (assignment 1): delivery, effect, how measured; null when not used.</summary>
    public StructuredReport? StructuredReport { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private AssignmentStatusReport() { }

    public static AssignmentStatusReport Create(string municipalityCode, string committeeCode, int year, int periodPoint, int assignmentNumber) =>
        new()
        {
            MunicipalityCode = municipalityCode,
            CommitteeCode = committeeCode,
            Year = year,
            PeriodPoint = periodPoint,
            AssignmentNumber = assignmentNumber,
        };

    /// <summary>Returns false (and changes nothing) when the report already says this.</summary>
    public bool Report(AssignmentStatus status, string comment, DateTimeOffset now) => Report(status, comment, StructuredReport, now);

    /// <summary>Returns false (and changes nothing) when the report already says this.</summary>
    public bool Report(AssignmentStatus status, string comment, StructuredReport? structuredReport, DateTimeOffset now)
    {
        if (Version > 0 && Status == status && Comment == comment && Equals(StructuredReport, structuredReport))
        {
            return false;
        }
        Status = status;
        Comment = comment;
        StructuredReport = structuredReport;
        Version++;
        UpdatedAt = now;
        return true;
    }

    public AssignmentStatusReported ToReportedEvent() =>
        new(MunicipalityCode, CommitteeCode, Year, PeriodPoint, AssignmentNumber, Status.ToString(), Version, UpdatedAt);
}

/// <summary>Delivery / effect / how measured, the template the seed uses for assignment 1.</summary>
public sealed record StructuredReport(string Delivery, string Effect, string HowMeasured);
