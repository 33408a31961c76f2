using Google.Protobuf;
using Microsoft.AspNetCore.Http.Features;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy;

/// <summary>
/// A file uploaded over REST as the raw request body, read as it arrives: JSON transcoding would need the
/// whole file base64-encoded in one JSON string. The access is the one ImportEconomyFileStream declares (the
/// routes' metadata, which <see cref="RawRoute"/> decides on); errors as JSON transcoding writes a google.rpc.Status.
/// </summary>
public static class ImportUploads
{
    /// <summary>Larger than any committee's year of ledger rows; Kestrel's 30 MB default is not.</summary>
    public const long MaxFileSize = 1L << 30;

    /// <summary>The request header by which a raw upload is named for GetImportProgress.</summary>
    public const string ImportIdHeader = "Import-Id";

    private static readonly ApiMethod Method = AccessRegistry.Find($"/{EconomyService.Descriptor.FullName}/ImportEconomyFileStream")
        ?? throw new InvalidOperationException("ImportEconomyFileStream is not in the contracts");

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public static WebApplication MapImportUploads(this WebApplication app)
    {
        const string Imports = "/api/v1/economy/municipalities/{municipality}/committees/{committee}/imports";
        app.MapPost(Imports + "/csv:upload", (HttpContext http, string municipality, string committee, EconomyDbContext db, TimeProvider time, ILogger<EconomyImporter> log) =>
            UploadAsync(http, municipality, committee, ImportFormat.Csv, db, time, log)).RequireAuthorization().WithMetadata(DeclaredAccess.Of(Method.Access));
        app.MapPost(Imports + "/sie:upload", (HttpContext http, string municipality, string committee, EconomyDbContext db, TimeProvider time, ILogger<EconomyImporter> log) =>
            UploadAsync(http, municipality, committee, ImportFormat.Sie, db, time, log)).RequireAuthorization().WithMetadata(DeclaredAccess.Of(Method.Access));
        return app;
    }

    private static async Task UploadAsync(HttpContext http, string municipality, string committee, ImportFormat format, EconomyDbContext db, TimeProvider time, ILogger log)
    {
        if (!await RawRoute.AllowedAsync(http, municipality, committee)
            || await RawRoute.MediaTypeAsync(http, format == ImportFormat.Csv ? ImportUploadContentTypes.Csv : ImportUploadContentTypes.Sie, "the file") is null)
        {
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFileSize;
        }
        try
        {
            var v = new RequestValidator();
            v.MunicipalityCode("municipality_code", municipality);
            v.Code("committee_code", committee);
            v.ThrowIfInvalid();
            var dryRun = http.Request.Query["dry_run"].FirstOrDefault() ?? http.Request.Query["dryRun"].FirstOrDefault();
            if (dryRun is not (null or "true" or "false"))
            {
                throw new ValidationFailedException("dry_run", $"must be true or false, got '{InputLimits.Shorten(dryRun)}'");
            }
            // A CSV's charset as the Content-Type declares it (text/csv; charset=windows-1252), else detected.
            var csvEncoding = format == ImportFormat.Csv ? CsvEncoding.For(CsvEncoding.Charset(http.Request.ContentType)) : null;
            // The client names the import (Import-Id: <uuid>) to follow it with GetImportProgress while the body streams.
            var importId = EconomyGrpcService.ImportId(v, http.Request.Headers[ImportIdHeader].FirstOrDefault());
            v.ThrowIfInvalid();
            var result = await EconomyGrpcService.TrackedImportAsync(db, time, log, municipality.Trim(), committee.Trim(), format,
                "", importId, http.Request.Body,
                AuditInterceptor.Actor(http.User), dryRun == "true", http.RequestAborted, csvEncoding);
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(Json.Format(result), http.RequestAborted);
        }
        catch (Exception e) when (RawRoute.IsRefusal(e))
        {
            await RawRoute.RefuseAsync(http, e, $"the file is larger than {MaxFileSize:N0} bytes");
        }
    }
}
