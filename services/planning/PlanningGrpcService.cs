using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using Domain = NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning;

public sealed class PlanningGrpcService(PlanningDbContext db, TimeProvider time) : PlanningService.PlanningServiceBase
{
    public override async Task<AssignmentStatusReport> ReportAssignmentStatus(ReportAssignmentStatusRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        var period = v.Period("period", request.Period);
        if (request.AssignmentNumber <= 0)
        {
            v.Add("assignment_number", $"must be the assignment's positive number in the municipality's budget, got {request.AssignmentNumber}");
        }
        if (request.Status == AssignmentStatus.Unspecified || !Enum.IsDefined(request.Status))
        {
            v.Add("status", "must be one of ASSIGNMENT_STATUS_NOT_STARTED, _IN_PROGRESS, _DONE, _CANCELLED, _POSTPONED");
        }
        if (request.Comment.Length > 20_000)
        {
            v.Add("comment", "is longer than 20000 characters");
        }
        v.ThrowIfInvalid();

        var report = await db.AssignmentStatusReports.SingleOrDefaultAsync(r =>
            r.MunicipalityCode == municipality && r.CommitteeCode == committee && r.Year == period.Year
            && r.PeriodPoint == period.Point && r.AssignmentNumber == request.AssignmentNumber, context.CancellationToken);
        if (report is null)
        {
            report = Domain.AssignmentStatusReport.Create(municipality, committee, period.Year, period.Point, request.AssignmentNumber);
            db.AssignmentStatusReports.Add(report);
        }
        if (report.Report((Domain.AssignmentStatus)request.Status, request.Comment, time.GetUtcNow()))
        {
            db.Publish(report.ToReportedEvent());
        }
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        return ToProto(report);
    }

    public override async Task<ListAssignmentStatusesResponse> ListAssignmentStatuses(ListAssignmentStatusesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();

        var reports = await db.AssignmentStatusReports.AsNoTracking()
            .Where(r => r.MunicipalityCode == municipality && r.CommitteeCode == committee && r.Year == period.Year && r.PeriodPoint == period.Point)
            .OrderBy(r => r.AssignmentNumber)
            .ToListAsync(context.CancellationToken);
        return new ListAssignmentStatusesResponse { Statuses = { reports.Select(ToProto) } };
    }

    private static AssignmentStatusReport ToProto(Domain.AssignmentStatusReport r) => new()
    {
        AssignmentNumber = r.AssignmentNumber,
        Status = (AssignmentStatus)r.Status,
        Comment = r.Comment,
        Version = r.Version,
    };
}
