using System.Runtime.InteropServices;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy;

/// <summary>
/// Imports of a committee's files (CSV, SIE): the three ways in (unary, client stream; the raw REST upload is
/// <see cref="ImportUploads"/>), each handing the file as a stream to <see cref="EconomyImporter"/>, followed
/// as it runs (<see cref="TrackedImportAsync"/>).
/// </summary>
public sealed partial class EconomyGrpcService
{
    public override Task<ImportResult> ImportEconomyCsv(ImportFileRequest request, ServerCallContext context) =>
        ImportFileAsync(request, ImportFormat.Csv, context);

    public override Task<ImportResult> ImportSie(ImportFileRequest request, ServerCallContext context) =>
        ImportFileAsync(request, ImportFormat.Sie, context);

    private async Task<ImportResult> ImportFileAsync(ImportFileRequest request, ImportFormat format, ServerCallContext context)
    {
        var (municipality, committee, importId) = ImportScope(request);
        return await TrackedImportAsync(db, time, importLog, municipality, committee, format, request.FileName, importId, Content(request), Actor(context),
            request.DryRun, context.CancellationToken);
    }

    public override async Task<ImportResult> ImportEconomyFileStream(IAsyncStreamReader<ImportFileChunk> requestStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct))
        {
            throw new ValidationFailedException("chunks", "no chunk was sent; the first names the municipality, committee and format");
        }
        var first = requestStream.Current;
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", first.MunicipalityCode);
        var committee = v.Code("committee_code", first.CommitteeCode);
        if (first.Format is not (ImportFileFormat.Csv or ImportFileFormat.Sie))
        {
            v.Add("format", "the first chunk must name the format: IMPORT_FILE_FORMAT_CSV or IMPORT_FILE_FORMAT_SIE");
        }
        v.ThrowIfInvalid();
        var importId = ImportId(v, first.ImportId);
        v.ThrowIfInvalid();
        var format = first.Format == ImportFileFormat.Sie ? ImportFormat.Sie : ImportFormat.Csv;
        return await TrackedImportAsync(db, time, importLog, municipality, committee, format, first.FileName, importId, new ChunkStream(first, requestStream),
            Actor(context), first.DryRun, ct);
    }

    /// <summary>The request's bytes as a stream, without copying them.</summary>
    private static MemoryStream Content(ImportFileRequest request) =>
        MemoryMarshal.TryGetArray(request.Content.Memory, out var bytes)
            ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
            : new MemoryStream(request.Content.ToByteArray(), writable: false);

    private static string Actor(ServerCallContext context)
    {
        try
        {
            return AuditInterceptor.Actor(context.GetHttpContext().User);
        }
        catch (InvalidOperationException)
        {
            return "system"; // called outside ASP.NET Core (benchmarks)
        }
    }

    private static (string, string, Guid?) ImportScope(ImportFileRequest request)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        var importId = ImportId(v, request.ImportId);
        if (request.Content.IsEmpty)
        {
            v.Add("content", "the file is empty");
        }
        v.ThrowIfInvalid();
        return (municipality, committee, importId);
    }

    internal static ImportResult ToProto(ImportOutcome outcome) => new()
    {
        Lines = outcome.Lines,
        RowsChanged = outcome.RowsChanged,
        EventsPublished = outcome.EventsPublished,
        Periods = { outcome.Periods.Select(p => p.ToString()) },
        DryRun = outcome.DryRun,
        Read = { (outcome.Summary?.ReadCounts ?? []).Select(ToProto) },
        Mapped = { (outcome.Summary?.MappedCounts ?? []).Select(ToProto) },
        Ignored = { (outcome.Summary?.IgnoredCounts ?? []).Select(ToProto) },
        Checked = { (outcome.Summary?.CheckedCounts ?? []).Select(ToProto) },
    };

    private static Contracts.Economy.V1.ImportCount ToProto(Import.ImportCount count) => new() { Kind = count.Kind, Count = count.Count, Reason = count.Reason };
}
