namespace NamndFollowUp.Planning.Domain.Narrative;

/// <summary>
/// One text of the follow-up's documents, where it stands and what it is about when its sentences name nothing:
/// an area's text in Bilaga 3 speaks of that area (<paramref name="Subject"/>), the others of the committee (null).
/// </summary>
/// <param name="Interventions">The text sits under an intervention-cost table: its amounts are intervention costs.</param>
public sealed record NarrativeText(string Document, string Section, string Text, string? Subject = null, bool Interventions = false);

/// <summary>What a figure measures, as a sentence names it.</summary>
public enum FigureMeasure
{
    /// <summary>Allocation − net cost (also the deviation against a budget whose result is 0).</summary>
    Result = 1,
    Allocation = 2,
    DeviationAgainstForecast = 3,
    DeviationAgainstPreviousYear = 4,
    /// <summary>Result / allocation, a ratio ("2 procent av budgetramen").</summary>
    ShareOfAllocation = 5,
    InterventionCost = 6,
    InterventionDeviationAgainstBudget = 7,
    Investment = 8,
}

/// <summary>The column of the seed's tables a figure is in.</summary>
public enum FigureColumn
{
    Actual = 1,
    Budget = 2,
    Forecast = 3,
    PreviousYear = 4,
}

/// <summary>
/// A figure a text may refer to: exact (kronor, or a ratio), for an area (by its name in a table) or the committee (null).
/// The same area may appear in two tables that group its codes differently; each is a figure of its own.
/// </summary>
/// <param name="Alternative">Another reading of the measure (the deviation against budget beside the result): a number may agree with it, but it is not named when another table disagrees.</param>
public sealed record Figure(string? Subject, FigureMeasure Measure, FigureColumn Column, decimal Value, string Label, bool Alternative = false);

public enum FindingKind
{
    /// <summary>The number agrees with the figure it refers to, within the rounding it is written with.</summary>
    Confirmed = 1,
    Mismatch = 2,
    /// <summary>The sentence names more than one thing the number could be about, and they disagree.</summary>
    Ambiguous = 3,
    /// <summary>No figure of the follow-up is what the number speaks of (a volume, a cost the tables do not have).</summary>
    Unverifiable = 4,
}

/// <param name="Stated">The number as the text means it: kronor for amounts, a ratio for shares, the count or per cent as written otherwise.</param>
/// <param name="Difference">Stated − figure, in the figure's unit; null without a figure.</param>
public sealed record NarrativeFinding(
    FindingKind Kind,
    string Document,
    string Section,
    string Sentence,
    string NumberText,
    decimal Stated,
    Figure? Figure,
    decimal? Difference,
    string Note);
