using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning.Domain;

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
    /// <summary>
    /// The committee's word for <see cref="Status"/> as it wrote it ("Färdig"), kept with the status so the two never
    /// disagree and the word stays printable when the municipality's vocabulary later drops it. "" when the status
    /// was reported by its code alone; null in rows stored before the word was kept here (the follow-up's content has it).
    /// </summary>
    public string? StatusWord { get; private set; }
    public string Comment { get; private set; } = "";
    /// <summary>The seed's special template (assignment 1): delivery, effect, how measured; null when not used.</summary>
    public StructuredReport? StructuredReport { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private AssignmentStatusReport() { }

    /// <summary>
    /// The committee's stored word with the status it was stored with, to read the same word sent back
    /// (<see cref="StatusVocabulary.Parse(string, Domain.StatusWord?)"/>); <paramref name="contentWord"/> is the follow-up's
    /// copy, for rows stored before the word was kept here. Null when nothing was reported or only a code was.
    /// </summary>
    public Domain.StatusWord? WordAsStored(string contentWord)
    {
        var word = StatusWord ?? contentWord;
        return Version > 0 && word.Length > 0 ? new(word, Status) : null;
    }

    public static AssignmentStatusReport Create(string municipalityCode, string committeeCode, int year, int periodPoint, int assignmentNumber) =>
        new()
        {
            MunicipalityCode = municipalityCode,
            CommitteeCode = committeeCode,
            Year = year,
            PeriodPoint = periodPoint,
            AssignmentNumber = assignmentNumber,
        };

    /// <summary>A status reported by its code. Returns false (and changes nothing) when the report already says this.</summary>
    public bool Report(AssignmentStatus status, string comment, DateTimeOffset now) => Report(status, null, comment, StructuredReport, now);

    /// <summary>
    /// A status with the committee's word for it, which the caller has read with the municipality's vocabulary; or, with
    /// <paramref name="statusWord"/> null, by its code alone: then the word stays while the status does (a comment
    /// edited by code does not lose "Färdig") and goes when the status changes. Returns false (and changes nothing)
    /// when the report already says this.
    /// </summary>
    public bool Report(AssignmentStatus status, string? statusWord, string comment, StructuredReport? structuredReport, DateTimeOffset now)
    {
        var word = statusWord ?? (Version > 0 && Status == status ? StatusWord : "");
        if (Version > 0 && Status == status && StatusWord == word && Comment == comment && Equals(StructuredReport, structuredReport))
        {
            return false;
        }
        Status = status;
        StatusWord = word;
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
