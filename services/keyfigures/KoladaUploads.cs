using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.Features;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// Kolada's API response posted as it is, as the raw body: through JSON transcoding it had to be string-escaped
/// into the content field. The access is the one ImportKoladaValues declares (the route's metadata, which
/// <see cref="RawRoute"/> decides on); the answer is its ImportKoladaValuesResponse, errors as JSON transcoding
/// writes a google.rpc.Status.
/// </summary>
public static class KoladaUploads
{
    /// <summary>Kolada's whole series of one KPI for every municipality and year is a few MB; this is far above.</summary>
    public const long MaxBodySize = 64L << 20;

    private static readonly ApiMethod Method = AccessRegistry.Find($"/{KeyFiguresService.Descriptor.FullName}/ImportKoladaValues")
        ?? throw new InvalidOperationException("ImportKoladaValues is not in the contracts");

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public static WebApplication MapKoladaUploads(this WebApplication app)
    {
        app.MapPost("/api/v1/keyfigures/municipalities/{municipality}/kolada-values:upload",
            (HttpContext http, string municipality, KeyFiguresDbContext db, TimeProvider time) => UploadAsync(http, municipality, db, time)).RequireAuthorization()
            .WithMetadata(DeclaredAccess.Of(Method.Access));
        return app;
    }

    private static async Task UploadAsync(HttpContext http, string municipality, KeyFiguresDbContext db, TimeProvider time)
    {
        if (!await RawRoute.AllowedAsync(http, municipality, null)
            || await RawRoute.MediaTypeAsync(http, KoladaUploadContentTypes.All, "Kolada's response") is not { } contentType)
        {
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodySize;
        }
        try
        {
            var v = new RequestValidator();
            var code = v.MunicipalityCode("municipality_code", municipality);
            v.ThrowIfInvalid();
            var upload = contentType == "application/json"
                ? await Domain.KoladaFile.ReadJsonAsync(http.Request.Body, http.RequestAborted)
                : Domain.KoladaFile.Read(await new StreamReader(http.Request.Body, new UTF8Encoding(false)).ReadToEndAsync(http.RequestAborted));
            var response = await new KoladaImport(db, time).StoreAsync(code, upload, http.RequestAborted);
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(Json.Format(response), http.RequestAborted);
        }
        catch (Exception e) when (RawRoute.IsRefusal(e))
        {
            await RawRoute.RefuseAsync(http, e, $"the body is larger than {MaxBodySize:N0} bytes; post Kolada's pages one by one");
        }
    }
}
