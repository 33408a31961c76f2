using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using Domain = NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning;

/// <summary>
/// The municipality's status vocabulary, kept by kommunledningskontoret; the rules are <see cref="Domain.StatusVocabulary"/>'s.
/// Who may call which is declared in the proto (the office sets, any role of the municipality reads), as for
/// economy's names and thresholds.
/// </summary>
public sealed partial class PlanningGrpcService
{
    public override async Task<StatusVocabulary> SetStatusVocabulary(SetStatusVocabularyRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var words = request.Words.Select(w => new Domain.StatusWord(w.Word, (Domain.AssignmentStatus)w.Status)).ToList();
        foreach (var (field, reason) in Domain.StatusVocabulary.Problems(words))
        {
            v.Add(field, reason);
        }
        v.ThrowIfInvalid();

        var stored = await db.StatusVocabularies.SingleOrDefaultAsync(s => s.MunicipalityCode == municipality, context.CancellationToken);
        if (stored is null)
        {
            stored = Domain.StatusVocabulary.Create(municipality);
            db.StatusVocabularies.Add(stored);
        }
        stored.Replace(words, time.GetUtcNow());
        // Two first registrations at once collide on the unique row: Aborted (retry), never a 500.
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        return ToProto(stored);
    }

    public override async Task<StatusVocabulary> GetStatusVocabulary(GetStatusVocabularyRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.ThrowIfInvalid();
        return ToProto(await VocabularyAsync(municipality, context.CancellationToken));
    }

    /// <summary>The vocabulary every status word of the municipality is read with: the office's, or the defaults.</summary>
    private async Task<Domain.StatusVocabulary> VocabularyAsync(string municipality, CancellationToken ct) =>
        await db.StatusVocabularies.AsNoTracking().SingleOrDefaultAsync(s => s.MunicipalityCode == municipality, ct)
        ?? Domain.StatusVocabulary.Defaults(municipality);

    /// <summary>
    /// Reads a committee's status word with the municipality's vocabulary, or as <paramref name="stored"/> when it is the
    /// item's stored word sent back (<see cref="Domain.StatusVocabulary.Parse(string, Domain.StatusWord?)"/>); a word it
    /// does not know is refused at <paramref name="field"/> with the municipality's actual words, so the committee sees
    /// what it may write.
    /// </summary>
    private static Domain.AssignmentStatus Status(RequestValidator v, string field, string word, Domain.StatusVocabulary vocabulary, Domain.StatusWord? stored = null)
    {
        var status = vocabulary.Parse(word, stored);
        if (status is null)
        {
            v.Add(field, $"'{InputLimits.Shorten(word)}' is not a status word of municipality {vocabulary.MunicipalityCode}: "
                + $"{vocabulary.Listed()} (or the AssignmentStatus enum name, e.g. ASSIGNMENT_STATUS_DONE)");
        }
        return status ?? default;
    }

    private static StatusVocabulary ToProto(Domain.StatusVocabulary s) => new()
    {
        MunicipalityCode = s.MunicipalityCode,
        Words = { s.Words.Select(w => new StatusVocabularyWord { Word = w.Word, Status = (AssignmentStatus)w.Status }) },
        Source = s.Version > 0 ? "office" : "default",
        Version = s.Version,
        UpdatedAt = s.UpdatedAt?.UtcDateTime.ToString("O") ?? "",
    };
}
