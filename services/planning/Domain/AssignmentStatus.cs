namespace NamndFollowUp.Planning.Domain;

/// <summary>
/// What an assignment's status at a follow-up means, whatever word a committee writes for it: the words are the
/// municipality's data (<see cref="StatusVocabulary"/>), the meanings are these.
/// </summary>
public enum AssignmentStatus
{
    NotStarted = 1,
    InProgress = 2,
    Done = 3,
    Cancelled = 4,
    Postponed = 5,
}
