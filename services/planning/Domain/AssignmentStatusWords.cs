namespace NamndFollowUp.Planning.Domain;

/// <summary>The suite's own words for a status: what documents print when a committee wrote none.</summary>
public static class AssignmentStatusWords
{
    /// <summary>
    /// Reads a word as the suite's default vocabulary does (<see cref="StatusVocabulary.DefaultWords"/>). A
    /// municipality's own reading is its <see cref="StatusVocabulary"/>; this one is for what is not any
    /// municipality's (a document's check of a word stored before the status row kept it).
    /// </summary>
    public static AssignmentStatus? Parse(string word) => StatusVocabulary.Defaults("").Parse(word);

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
