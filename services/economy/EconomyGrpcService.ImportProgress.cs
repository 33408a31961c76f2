using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>
/// An import followed while it runs: every way in (unary, client stream, raw upload) runs through
/// <see cref="TrackedImportAsync"/>, which records the run in PostgreSQL (<see cref="ImportRunRecorder"/>), and
/// GetImportProgress answers from that record on whichever replica the poller reaches.
/// </summary>
public sealed partial class EconomyGrpcService
{
    private static readonly JsonFormatter ResultJson = new(JsonFormatter.Settings.Default);

    public override async Task<ImportProgress> GetImportProgress(GetImportProgressRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        var id = ImportId(v, request.ImportId, required: true);
        v.ThrowIfInvalid();
        // Another committee's run is not found rather than refused: its id tells nothing about it.
        var run = await db.ImportRuns.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == id && r.MunicipalityCode == municipality && r.CommitteeCode == committee, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no import {id} of committee {committee}"));
        return ToProto(run, time.GetUtcNow());
    }

    /// <summary>
    /// Runs an import with its progress recorded under <paramref name="importId"/> (the client's UUID, or a new
    /// one), and its outcome: the answer (committed or dry run), or why nothing was stored.
    /// </summary>
    internal static async Task<ImportResult> TrackedImportAsync(EconomyDbContext db, TimeProvider time, Microsoft.Extensions.Logging.ILogger log, string municipality, string committee,
        ImportFormat format, string fileName, Guid? importId, Stream content, string actor, bool dryRun, CancellationToken ct,
        System.Text.Encoding? csvEncoding = null)
    {
        var id = importId ?? Guid.NewGuid();
        await using var run = await ImportRunRecorder.StartAsync(db.Database.GetConnectionString()!, id, municipality, committee, actor,
            format == ImportFormat.Sie ? "sie" : "csv", fileName, dryRun, time, ct);
        try
        {
            var result = ToProto(await new EconomyImporter(db, time, log).ImportAsync(municipality, committee, format, content, actor, ct, csvEncoding, dryRun, run));
            result.ImportId = id.ToString();
            await run.DoneAsync(ResultJson.Format(result));
            return result;
        }
        catch (ValidationFailedException e)
        {
            await run.FinishedWithoutStoringAsync(Domain.ImportRunPhase.Refused, e.Violations.Select(p => $"{p.Field}: {p.Description}").ToList());
            throw;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await run.FinishedWithoutStoringAsync(Domain.ImportRunPhase.Abandoned, ["the upload was cancelled before the import committed"]);
            throw;
        }
        catch (Exception e) when (ValidationExceptionInterceptor.ToRpc(e) is { } refusal)
        {
            // An adopted report (FAILED_PRECONDITION), the database gone (UNAVAILABLE): as the uploader is told.
            await run.FinishedWithoutStoringAsync(refusal.StatusCode == StatusCode.FailedPrecondition ? Domain.ImportRunPhase.Refused : Domain.ImportRunPhase.Abandoned,
                [refusal.Status.Detail]);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await run.FinishedWithoutStoringAsync(Domain.ImportRunPhase.Abandoned, ["the import failed on the server; nothing was stored"]);
            throw;
        }
    }

    /// <summary>An import id as the client sends it: a UUID in any of its usual spellings; empty = none (unless required).</summary>
    internal static Guid? ImportId(RequestValidator v, string? text, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                v.Add("import_id", "is required: the UUID the import was sent with");
            }
            return null;
        }
        if (!Guid.TryParse(text.Trim(), out var id) || id == Guid.Empty)
        {
            v.Add("import_id", $"must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e, got '{InputLimits.Shorten(text)}'");
            return null;
        }
        return id;
    }

    private static ImportProgress ToProto(Domain.ImportRun run, DateTimeOffset now)
    {
        var phase = run.PhaseAt(now);
        var progress = new ImportProgress
        {
            ImportId = run.Id.ToString(),
            Phase = phase switch
            {
                Domain.ImportRunPhase.Reading => ImportPhase.Reading,
                Domain.ImportRunPhase.Applying => ImportPhase.Applying,
                Domain.ImportRunPhase.Done => ImportPhase.Done,
                Domain.ImportRunPhase.Refused => ImportPhase.Refused,
                _ => ImportPhase.Abandoned,
            },
            Format = run.Format == "sie" ? ImportFileFormat.Sie : ImportFileFormat.Csv,
            FileName = run.FileName,
            BytesRead = run.BytesRead,
            LinesRead = run.LinesRead,
            FigureRows = run.FigureRows,
            StartedAt = Timestamp.FromDateTimeOffset(run.StartedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(run.UpdatedAt),
            FinishedAt = run.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
            DryRun = run.DryRun,
            Result = run.Result is { } json ? JsonParser.Default.Parse<ImportResult>(json) : null,
            ProblemCount = run.ProblemCount,
        };
        progress.Problems.AddRange(run.ProblemLines);
        if (phase == Domain.ImportRunPhase.Abandoned && run.Phase != Domain.ImportRunPhase.Abandoned)
        {
            progress.Problems.Add($"no progress recorded since {run.UpdatedAt:u}: the replica running it stopped; its transaction was rolled back, nothing was stored");
            progress.ProblemCount++;
        }
        return progress;
    }
}
