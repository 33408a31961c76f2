using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Documents;

namespace NamndFollowUp.Economy;

/// <summary>Bilaga 3 as HTML and PDF, made from the same structured tables the table RPCs answer.</summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<HttpBody> RenderEconomyDocument(GetTablesRequest request, ServerCallContext context)
    {
        var (municipality, committee, period, _) = TableScope(request);
        var summary = await GetResultSummary(new GetResultSummaryRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = request.Period }, context);
        var tables = new Bilaga3Document.Tables(summary, await GetResultPerActivity(request, context), await GetInterventionCosts(request, context), await GetInvestments(request, context));
        // The förvaltning that heads the pages is the committee's department in its organisation; without one, the
        // committee's registered name (RecordMunicipalityNames), and its code only when it has none.
        var department = await db.Units.AsNoTracking()
            .Where(u => u.MunicipalityCode == municipality && u.CommitteeCode == committee && u.Kind == Domain.UnitKind.Department)
            .OrderBy(u => u.Code).Select(u => u.Name).FirstOrDefaultAsync(context.CancellationToken);
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
}
