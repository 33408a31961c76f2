using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Reports;

/// <summary>namnd.report.v1.ReportService for this service's report: validates and maps; the workflow decides.</summary>
public sealed class ReportGrpcService<TContext>(ReportWorkflow<TContext> workflow) : ReportService.ReportServiceBase
    where TContext : DbContext, IOutboxContext, IAuditContext
{
    public override Task<Report> GetReport(GetReportRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period, request.Service);
        if (request.Version < 0)
        {
            v.Add("version", $"must be 0 (the current state) or a version number, got {request.Version}");
        }
        v.ThrowIfInvalid();
        return workflow.GetAsync(municipality, committee, period, request.Version, context.CancellationToken);
    }

    public override Task<ListReportsResponse> ListReports(ListReportsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        ServiceIs(v, request.Service);
        v.ThrowIfInvalid();
        return workflow.ListAsync(municipality, period, context.CancellationToken);
    }

    public override Task<Report> SubmitReport(ReportRequest request, ServerCallContext context) => Change(request, ReportAction.Submit, context);

    public override Task<Report> ReopenReport(ReportRequest request, ServerCallContext context) => Change(request, ReportAction.Reopen, context);

    public override Task<Report> CorrectReport(ReportRequest request, ServerCallContext context) => Change(request, ReportAction.Correct, context);

    public override Task<Report> AdoptReport(AdoptReportRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period, request.Service);
        var caseNumber = request.CaseNumber.Trim();
        if (!ReportLifecycle.IsCaseNumber(caseNumber))
        {
            v.Add("case_number", $"must look like SCN-2025-00042 (registry, year, number), got '{request.CaseNumber}'");
        }
        var decisionDate = v.Date("decision_date", request.DecisionDate, required: true);
        v.ThrowIfInvalid();
        return workflow.ChangeAsync(municipality, committee, period, ReportAction.Adopt, caseNumber, decisionDate, context.CancellationToken);
    }

    private Task<Report> Change(ReportRequest request, ReportAction action, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period, request.Service);
        v.ThrowIfInvalid();
        return workflow.ChangeAsync(municipality, committee, period, action, null, null, context.CancellationToken);
    }

    private (string, string, PeriodKey) Scope(RequestValidator v, string municipality, string committee, Period? period, string service)
    {
        var scope = (v.MunicipalityCode("municipality_code", municipality), v.Code("committee_code", committee), v.Period("period", period));
        ServiceIs(v, service);
        return scope;
    }

    private void ServiceIs(RequestValidator v, string service)
    {
        if (service != workflow.Service)
        {
            v.Add("service", $"this is the {workflow.Service} service, got '{service}'");
        }
    }
}
