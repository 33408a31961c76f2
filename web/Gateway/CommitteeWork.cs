using Google.Protobuf;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Gateway;

/// <summary>A committee's own entries: its ledger file, its assignments' statuses and its focus-goal assessments.</summary>
public sealed class CommitteeWork(EconomyService.EconomyServiceClient economy, PlanningService.PlanningServiceClient planning)
{
    // Within the 64 KiB–1 MiB the economy service suggests; the file is passed on as it arrives, never held whole.
    private const int ChunkSize = 256 * 1024;

    /// <summary>
    /// Sends the file to economy as a stream of chunks; the import is all or nothing there. A refusal comes back
    /// with every bad line (<see cref="UploadOutcome.Errors"/>), and nothing was stored. A dry run reads, maps and
    /// checks the whole file and answers what would change, storing nothing: the preview.
    /// </summary>
    public async Task<UploadOutcome> UploadLedgerAsync(string municipality, string committee, string fileName, Stream file, bool dryRun, CancellationToken cancellationToken)
    {
        var format = FormatOf(fileName);
        using var call = economy.ImportEconomyFileStream(cancellationToken: cancellationToken);
        try
        {
            var buffer = new byte[ChunkSize];
            var first = true;
            int read;
            do
            {
                read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                var chunk = new ImportFileChunk { MunicipalityCode = municipality, CommitteeCode = committee, Content = ByteString.CopyFrom(buffer, 0, read) };
                if (first)
                {
                    chunk.Format = format;
                    chunk.FileName = fileName;
                    chunk.DryRun = dryRun;
                    first = false;
                }
                await call.RequestStream.WriteAsync(chunk, cancellationToken);
            }
            while (read == buffer.Length);
            await call.RequestStream.CompleteAsync();
            return new UploadOutcome(await call.ResponseAsync, null, []);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Unauthenticated)
        {
            return new UploadOutcome(null, GatewayErrors.Describe(e), GatewayErrors.Violations(e));
        }
    }

    public static ImportFileFormat FormatOf(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".se" or ".si" or ".sie" ? ImportFileFormat.Sie : ImportFileFormat.Csv;

    /// <summary>
    /// The committee's status for an assignment: by its word (<paramref name="statusWord"/>, read by planning with the
    /// municipality's vocabulary and stored as written), or, with an empty word, by <paramref name="status"/> alone,
    /// which keeps the word already stored while the status stays the same.
    /// </summary>
    public async Task<string?> ReportStatusAsync(string municipality, string committee, PeriodChoice period, int assignment, AssignmentStatus status, string statusWord,
        string comment, CancellationToken cancellationToken) =>
        (await Calls.TryAsync(() => planning.ReportAssignmentStatusAsync(new ReportAssignmentStatusRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto(), AssignmentNumber = assignment, Status = status,
            StatusWord = statusWord, Comment = comment,
        }, cancellationToken: cancellationToken).ResponseAsync)).Missing;

    /// <summary>The words the municipality's committees write for a status (the office's, or planning's defaults), in the office's order.</summary>
    public async Task<Maybe<StatusVocabulary>> StatusVocabularyAsync(string municipality, CancellationToken cancellationToken) =>
        await Calls.TryAsync(() => planning.GetStatusVocabularyAsync(new GetStatusVocabularyRequest { MunicipalityCode = municipality },
            cancellationToken: cancellationToken).ResponseAsync);

    /// <summary>
    /// Planning takes assessments as part of the whole follow-up (its import replaces what it names), so the
    /// stored follow-up is sent back as it is with this one assessment changed.
    /// </summary>
    public async Task<string?> AssessAsync(string municipality, string committee, PeriodChoice period, int focusGoal, Assessment assessment, string text,
        CancellationToken cancellationToken)
    {
        var current = await Calls.TryAsync(() => planning.GetFollowUpAsync(
            new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = period.ToProto() }, cancellationToken: cancellationToken).ResponseAsync);
        if (current.Value is not { } followUp)
        {
            return current.Missing;
        }
        var request = FollowUpImport.From(followUp);
        request.Assessments.Clear();
        request.Assessments.AddRange(followUp.FocusGoals.Where(g => g.Assessment != Assessment.Unspecified || g.Number == focusGoal).Select(g => g.Number == focusGoal
            ? new FocusGoalAssessmentInput { FocusGoalNumber = g.Number, Assessment = ProtoNames.Of(assessment), Text = text }
            : new FocusGoalAssessmentInput { FocusGoalNumber = g.Number, Assessment = ProtoNames.Of(g.Assessment), Text = g.AssessmentText }));
        if (followUp.FocusGoals.All(g => g.Number != focusGoal))
        {
            request.Assessments.Add(new FocusGoalAssessmentInput { FocusGoalNumber = focusGoal, Assessment = ProtoNames.Of(assessment), Text = text });
        }
        return (await Calls.TryAsync(() => planning.ImportFollowUpAsync(request, cancellationToken: cancellationToken).ResponseAsync)).Missing;
    }
}

public sealed record UploadOutcome(ImportResult? Result, string? Refusal, IReadOnlyList<(string Field, string Reason)> Errors);
