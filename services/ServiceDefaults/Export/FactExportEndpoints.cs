using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Export;

public static class FactExportExtensions
{
    /// <summary>Declares the service's fact sets; the change log and its triggers are installed at start.</summary>
    public static IHostApplicationBuilder AddFactExport<TContext>(this IHostApplicationBuilder builder, string service, params FactSetDefinition[] factSets)
        where TContext : DbContext
    {
        builder.Services.AddSingleton(new FactExport(service, factSets));
        builder.Services.AddHostedService<ChangeLogInstaller<TContext>>();
        builder.Services.AddHostedService<ChangeLogPruner<TContext>>();
        return builder;
    }

    /// <summary>The export over gRPC (and its JSON transcoding), and as CSV and NDJSON.</summary>
    public static WebApplication MapFactExport<TContext>(this WebApplication app) where TContext : DbContext
    {
        app.MapGrpcService<ExportGrpcService<TContext>>();
        var service = app.Services.GetRequiredService<FactExport>().Service;
        app.MapGet($"/api/v1/{service}/municipalities/{{municipality}}/facts/{{factSet}}/rows.csv",
            (HttpContext http, string municipality, string factSet, string? changeToken, string? dialect, TContext db, FactExport export) =>
                WriteAsync(http, db, export, municipality, factSet, changeToken, csv: true, dialect)).RequireAuthorization().WithMetadata(ExportAccess);
        app.MapGet($"/api/v1/{service}/municipalities/{{municipality}}/facts/{{factSet}}/rows.ndjson",
            (HttpContext http, string municipality, string factSet, string? changeToken, TContext db, FactExport export) =>
                WriteAsync(http, db, export, municipality, factSet, changeToken, csv: false)).RequireAuthorization().WithMetadata(ExportAccess);
        return app;
    }

    /// <summary>The rows as files share the access of the export's RPCs: the municipality's readers.</summary>
    private static readonly DeclaredAccess ExportAccess = DeclaredAccess.Of(Access.MunicipalityRead);

    private static async Task WriteAsync(HttpContext http, DbContext db, FactExport export, string municipality, string factSet, string? changeToken, bool csv,
        string? dialectName = null)
    {
        // Refusals as the export's RPCs answer through JSON transcoding (a google.rpc.Status naming the field), so a BI
        // client reads one shape of error whichever form of the export it pulls. The access is the one this route
        // declares (ExportAccess), read from the endpoint that runs, as for every raw route.
        if (!await RawRoute.AllowedAsync(http, municipality, committee: null))
        {
            return;
        }
        var set = export.Find(factSet);
        if (set is null)
        {
            await StatusResponse.WriteJsonAsync(http, StatusCodes.Status404NotFound, StatusResponse.Of(StatusCode.NotFound,
                $"fact_set: no fact set '{InputLimits.Shorten(factSet)}'; there are: {string.Join(", ", export.FactSets.Select(f => f.Table))}"));
            return;
        }
        var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024);
        try
        {
            if (csv)
            {
                var dialect = CsvDialects.Parse(dialectName);
                // PostgreSQL writes the CSV (COPY); it is passed on in 64 KiB writes as it comes.
                await export.PullCsvAsync(db, set, municipality, changeToken, chunk => writer.WriteAsync(chunk, http.RequestAborted), async token =>
                {
                    http.Response.Headers["Change-Token"] = token;
                    http.Response.ContentType = "text/csv; charset=utf-8; header=present";
                    if (dialect == CsvDialect.ExcelSwedish)
                    {
                        // Excel takes a CSV as UTF-8 only when it starts with the byte order mark.
                        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{set.Table}.csv\"";
                        await writer.WriteAsync('\uFEFF');
                    }
                }, http.RequestAborted, dialect);
            }
            else
            {
                var columns = FactExport.Columns(db, set);
                var rows = 0;
                await export.PullAsync(db, set, municipality, changeToken, async (operation, key, rowJson) =>
                {
                    await writer.WriteAsync("{\"operation\":\"");
                    await writer.WriteAsync(Operation(operation));
                    await writer.WriteAsync("\",\"key\":");
                    await writer.WriteAsync(JsonSerializer.Serialize(key));
                    await writer.WriteAsync(",\"row\":");
                    await writer.WriteAsync(rowJson);
                    await writer.WriteAsync("}\n");
                    if (++rows % 10_000 == 0)
                    {
                        await writer.FlushAsync(http.RequestAborted);
                    }
                }, http.RequestAborted, async token =>
                {
                    http.Response.Headers["Change-Token"] = token;
                    http.Response.ContentType = "application/x-ndjson; charset=utf-8";
                    await writer.WriteAsync($"{{\"changeToken\":\"{token}\",\"columns\":{JsonSerializer.Serialize(columns.Select(c => new { name = c.Name, label = c.Label }))}}}\n");
                }, amountsAsText: true);
            }
        }
        catch (Exception e) when (!http.Response.HasStarted && RawRoute.AsRpc(e) is { } rpc)
        {
            // A bad dialect or change token (400), an expired token (FAILED_PRECONDITION, 400), the database away (503):
            // answered before any row, else the stream is cut and the client sees an incomplete pull. Cleared first: the
            // change token (and Excel's file name) may already be set, and a client that keeps the token without looking
            // at the status would skip the changes this pull never delivered.
            http.Response.Clear();
            await RawRoute.RefuseAsync(http, rpc);
            return;
        }
        await writer.FlushAsync(http.RequestAborted);
    }

    private static string Operation(Operation operation) => operation switch
    {
        Contracts.Export.V1.Operation.Insert => "insert",
        Contracts.Export.V1.Operation.Update => "update",
        _ => "delete",
    };
}

public sealed class ExportGrpcService<TContext>(TContext db, FactExport export) : ExportService.ExportServiceBase where TContext : DbContext
{
    public override async Task PullFacts(PullFactsRequest request, IServerStreamWriter<FactRecord> responseStream, ServerCallContext context)
    {
        var set = Validate(request.MunicipalityCode, request.Service, request.FactSet);
        if (request.Format == PullFormat.Csv)
        {
            // The CSV's chunks as they come from PostgreSQL, encoded statefully so a chunk boundary never splits a character.
            var encoder = new UTF8Encoding(false).GetEncoder();
            var bytes = new byte[Encoding.UTF8.GetMaxByteCount(32 * 1024)];
            var csvToken = await export.PullCsvAsync(db, set, request.MunicipalityCode, request.ChangeToken, chunk =>
            {
                var count = encoder.GetBytes(chunk.Span, bytes, flush: false);
                return responseStream.WriteAsync(new FactRecord { Csv = Google.Protobuf.ByteString.CopyFrom(bytes, 0, count) });
            }, _ => Task.CompletedTask, context.CancellationToken);
            await responseStream.WriteAsync(new FactRecord { ChangeToken = csvToken });
            return;
        }
        // Messages are buffered and flushed every 1 000: one flush per message would cost a write (and an
        // HTTP/2 frame through the gateway) per row; flushing regularly keeps memory flat and rows flowing.
        // Over REST (JSON transcoding, one JSON object per line) the writer has no write options: setting them
        // throws NotImplementedException, which made GET …/facts/{fact_set} answer 500.
        var grpc = context.GetHttpContext().Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        var buffered = new WriteOptions(WriteFlags.BufferHint);
        var rows = 0;
        var token = await export.PullAsync(db, set, request.MunicipalityCode, request.ChangeToken,
            (operation, key, row) =>
            {
                if (grpc)
                {
                    responseStream.WriteOptions = ++rows % 1_000 == 0 ? null : buffered;
                }
                return responseStream.WriteAsync(new FactRecord { Operation = operation, Key = key, RowJson = row });
            },
            context.CancellationToken);
        if (grpc)
        {
            responseStream.WriteOptions = null;
        }
        await responseStream.WriteAsync(new FactRecord { ChangeToken = token });
    }

    public override async Task<ListFactSetsResponse> ListFactSets(ListFactSetsRequest request, ServerCallContext context)
    {
        Validate(request.MunicipalityCode, request.Service, factSet: null);
        var response = new ListFactSetsResponse();
        foreach (var set in export.FactSets)
        {
            response.FactSets.Add(new FactSet
            {
                Name = set.Table,
                Label = set.Label,
                KeyColumns = { set.KeyColumns },
                Columns = { FactExport.Columns(db, set) },
            });
        }
        return response;
    }

    private FactSetDefinition Validate(string municipality, string service, string? factSet)
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", municipality);
        if (service != export.Service)
        {
            v.Add("service", $"this is the {export.Service} service, got '{service}'");
        }
        var set = factSet is null ? null : export.Find(factSet);
        if (factSet is not null && set is null)
        {
            v.Add("fact_set", $"no fact set '{factSet}'; there are: {string.Join(", ", export.FactSets.Select(f => f.Table))}");
        }
        v.ThrowIfInvalid();
        return set ?? export.FactSets[0];
    }
}

internal sealed class ChangeLogInstaller<TContext>(IServiceScopeFactory scopes, FactExport export) : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await export.EnsureChangeLogAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
