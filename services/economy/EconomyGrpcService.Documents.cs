using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Documents;

namespace NamndFollowUp.Economy;

/// <summary>Bilaga 3 and the result report as HTML and PDF, made from the same structured tables the table RPCs answer.</summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<HttpBody> RenderEconomyDocument(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, _) = TableScope(request);
        var summary = await GetResultSummary(new GetResultSummaryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = request.Period }, context);
        var tables = new Bilaga3Document.Tables(summary, await GetResultPerActivity(request, context), await GetInterventionCosts(request, context), await GetInvestments(request, context));
        var department = await DepartmentNameAsync(municipality, committee, context.CancellationToken);
        return new HttpBody
        {
            ContentType = "text/html; charset=utf-8",
            Data = ByteString.CopyFromUtf8(Bilaga3Document.Render(period, tables, department ?? (summary.CommitteeName.Length > 0 ? summary.CommitteeName : committee))),
        };
    }

    public override async Task<HttpBody> RenderEconomyPdf(GetTablesRequest request, ServerCallContext context)
    {
        var html = await RenderEconomyDocument(request, context);
        var pdf = await pdfPrinter.PrintAsync(html.Data.ToStringUtf8(), context.CancellationToken);
        return new HttpBody { ContentType = "application/pdf", Data = ByteString.CopyFrom(pdf) };
    }

    public override async Task<HttpBody> RenderResultReportDocument(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, _) = TableScope(request);
        var summary = await GetResultSummary(new GetResultSummaryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = request.Period }, context);
        var hasFigures = (await LoadAsync(municipality, committee, period, context.CancellationToken)).HasFigures;
        var sources = new ResultReportDocument.Sources(summary, hasFigures, await GetUnitDeviations(request, context), await GetSavings(request, context), await GetInvestments(request, context));
        var department = await DepartmentNameAsync(municipality, committee, context.CancellationToken);
        return new HttpBody
        {
            ContentType = "text/html; charset=utf-8",
            Data = ByteString.CopyFromUtf8(ResultReportDocument.Render(period, sources, department ?? (summary.CommitteeName.Length > 0 ? summary.CommitteeName : committee))),
        };
    }

    public override async Task<HttpBody> RenderResultReportPdf(GetTablesRequest request, ServerCallContext context)
    {
        var html = await RenderResultReportDocument(request, context);
        var pdf = await pdfPrinter.PrintAsync(html.Data.ToStringUtf8(), context.CancellationToken);
        return new HttpBody { ContentType = "application/pdf", Data = ByteString.CopyFrom(pdf) };
    }

    // The förvaltning that heads the pages is the committee's department in its organisation; without one, the
    // committee's registered name (RecordMunicipalityNames), and its code only when it has none.
    private async Task<string?> DepartmentNameAsync(string municipality, string committee, CancellationToken ct) =>
        await db.Units.AsNoTracking()
            .Where(u => u.MunicipalityCode == municipality && u.CommitteeCode == committee && u.Kind == Domain.UnitKind.Department)
            .OrderBy(u => u.Code).Select(u => u.Name).FirstOrDefaultAsync(ct);
}
