using System.Text.Json.Serialization;

namespace NamndFollowUp.Planning.Domain;

/// <summary>One word of a municipality's status vocabulary ("Genomförd") and the status it means.</summary>
/// <param name="Status">Kept by name in the stored vocabulary, so the jsonb reads without the enum at hand.</param>
public sealed record StatusWord(
    string Word,
    [property: JsonConverter(typeof(JsonStringEnumConverter<AssignmentStatus>))] AssignmentStatus Status);
