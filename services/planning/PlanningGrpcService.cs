using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Documents;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.SharedKernel.Scopes;
using Domain = NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning;

/// <summary>
/// The planning API. This file: assignment statuses, the municipality's plan and the views across
/// committees; the follow-up document and its workflow, and special reporting, are in the partial files.
/// </summary>
public sealed partial class PlanningGrpcService(PlanningDbContext db, TimeProvider time, EconomicResults economicResults, NarrativeReview narrativeReview, PdfPrinter pdfPrinter) : PlanningService.PlanningServiceBase
{
    private const int MaxText = 20_000;

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
        var hasWord = request.StatusWord.Trim().Length > 0;
        if ((!hasWord && request.Status == AssignmentStatus.Unspecified) || !Enum.IsDefined(request.Status))
        {
            v.Add("status", "must be one of ASSIGNMENT_STATUS_NOT_STARTED, _IN_PROGRESS, _DONE, _CANCELLED, _POSTPONED (or give status_word)");
        }
        Text(v, "comment", request.Comment);
        var structured = StructuredReport(v, "structured_report", request.StructuredReport);
        v.ThrowIfInvalid();

        var assignment = await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a =>
            a.MunicipalityCode == municipality && a.Year == period.Year && a.Number == request.AssignmentNumber, context.CancellationToken);
        CheckAssignment(v, "assignment_number", assignment, request.AssignmentNumber, period.Year, committee);
        v.ThrowIfInvalid();
        // Two first statuses of one assignment (or a status beside an import) would race to create its report row.
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        await db.LockPeriodAsync("planning", municipality, committee, period, context.CancellationToken);
        var followUp = await EnsureFollowUpEditable(municipality, committee, period, context.CancellationToken);

        var report = await db.AssignmentStatusReports.SingleOrDefaultAsync(r =>
            r.MunicipalityCode == municipality && r.CommitteeCode == committee && r.Year == period.Year
            && r.PeriodPoint == period.Point && r.AssignmentNumber == request.AssignmentNumber, context.CancellationToken);
        var status = (Domain.AssignmentStatus)request.Status;
        if (hasWord)
        {
            // Read after the stored report: its word sent back keeps its status (StatusVocabulary.Parse).
            var vocabulary = await VocabularyAsync(municipality, context.CancellationToken);
            var stored = report?.WordAsStored((followUp?.Content ?? Domain.FollowUpContent.Empty).StatusWordOf(request.AssignmentNumber));
            var meant = Status(v, "status_word", request.StatusWord, vocabulary, stored);
            if (v.IsValid && request.Status != AssignmentStatus.Unspecified && meant != status)
            {
                v.Add("status_word", $"'{InputLimits.Shorten(request.StatusWord.Trim())}' means {meant} in municipality {municipality}'s vocabulary, but status says {status}; give one of them, or both agreeing");
            }
            status = meant;
        }
        v.ThrowIfInvalid();
        if (report is null)
        {
            report = Domain.AssignmentStatusReport.Create(municipality, committee, period.Year, period.Point, request.AssignmentNumber);
            db.AssignmentStatusReports.Add(report);
        }
        if (report.Report(status, StatusWord(request.StatusWord), request.Comment, structured ?? report.StructuredReport, time.GetUtcNow()))
        {
            db.Publish(report.ToReportedEvent());
        }
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
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
            .ForPeriod(municipality, committee, period)
            .OrderBy(r => r.AssignmentNumber)
            .ToListAsync(context.CancellationToken);
        return new ListAssignmentStatusesResponse { Statuses = { reports.Select(ToProto) } };
    }

    public override async Task<Plan> DefinePlan(DefinePlanRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        Year(v, "year", request.Year);
        var goalNumbers = new HashSet<int>(await db.FocusGoals.Where(g => g.MunicipalityCode == municipality && g.Year == request.Year)
            .Select(g => g.Number).ToListAsync(context.CancellationToken));
        for (var i = 0; i < request.FocusGoals.Count; i++)
        {
            var goal = request.FocusGoals[i];
            if (goal.Number <= 0) v.Add($"focus_goals[{i}].number", $"must be positive, got {goal.Number}");
            if (string.IsNullOrWhiteSpace(goal.Title)) v.Add($"focus_goals[{i}].title", "is required");
            Text(v, $"focus_goals[{i}].title", goal.Title);
            goalNumbers.Add(goal.Number);
        }
        Duplicates(v, "focus_goals", request.FocusGoals.Select(g => g.Number));
        for (var i = 0; i < request.Assignments.Count; i++)
        {
            var a = request.Assignments[i];
            if (a.Number <= 0) v.Add($"assignments[{i}].number", $"must be positive, got {a.Number}");
            if (string.IsNullOrWhiteSpace(a.Text)) v.Add($"assignments[{i}].text", "is required");
            Text(v, $"assignments[{i}].text", a.Text);
            if (!goalNumbers.Contains(a.FocusGoalNumber))
            {
                v.Add($"assignments[{i}].focus_goal_number", $"focus goal {a.FocusGoalNumber} is not defined for {request.Year}");
            }
            for (var c = 0; c < a.CommitteeCodes.Count; c++)
            {
                v.Code($"assignments[{i}].committee_codes[{c}]", a.CommitteeCodes[c]);
            }
        }
        Duplicates(v, "assignments", request.Assignments.Select(a => a.Number));
        v.ThrowIfInvalid();

        var goals = await db.FocusGoals.Where(g => g.MunicipalityCode == municipality && g.Year == request.Year).ToDictionaryAsync(g => g.Number, context.CancellationToken);
        foreach (var input in request.FocusGoals)
        {
            if (!goals.TryGetValue(input.Number, out var goal))
            {
                goal = Domain.FocusGoal.Create(municipality, request.Year, input.Number);
                db.FocusGoals.Add(goal);
            }
            goal.Define(input.Title.Trim(), input.ShowsEconomicResult);
        }
        var assignments = await db.Assignments.Where(a => a.MunicipalityCode == municipality && a.Year == request.Year).ToDictionaryAsync(a => a.Number, context.CancellationToken);
        foreach (var input in request.Assignments)
        {
            if (!assignments.TryGetValue(input.Number, out var assignment))
            {
                assignment = Domain.Assignment.Create(municipality, request.Year, input.Number);
                db.Assignments.Add(assignment);
            }
            assignment.Define(input.Text.Trim(), input.FocusGoalNumber, input.CommitteeCodes.Select(c => c.Trim()));
        }
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        return await LoadPlan(municipality, request.Year, context.CancellationToken);
    }

    public override async Task<Plan> GetPlan(GetPlanRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        Year(v, "year", request.Year);
        v.ThrowIfInvalid();
        return await LoadPlan(municipality, request.Year, context.CancellationToken);
    }

    public override async Task<ListAssignmentStatusesByCommitteeResponse> ListAssignmentStatusesByCommittee(ListAssignmentStatusesByCommitteeRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();
        var assignment = await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a =>
            a.MunicipalityCode == municipality && a.Year == period.Year && a.Number == request.AssignmentNumber, context.CancellationToken)
            ?? throw new ValidationFailedException("assignment_number", $"assignment {request.AssignmentNumber} does not exist for {period.Year}");
        var reports = await db.AssignmentStatusReports.AsNoTracking()
            .Where(r => r.MunicipalityCode == municipality && r.Year == period.Year && r.PeriodPoint == period.Point && r.AssignmentNumber == request.AssignmentNumber)
            .ToDictionaryAsync(r => r.CommitteeCode, context.CancellationToken);
        var response = new ListAssignmentStatusesByCommitteeResponse { Assignment = ToProto(assignment) };
        foreach (var committee in assignment.CommitteeCodes.Union(reports.Keys).Order(StringComparer.Ordinal))
        {
            response.Committees.Add(reports.TryGetValue(committee, out var r)
                ? new CommitteeAssignmentStatus { CommitteeCode = committee, Reported = true, Status = (AssignmentStatus)r.Status, Comment = r.Comment, StatusWord = r.StatusWord ?? "" }
                : new CommitteeAssignmentStatus { CommitteeCode = committee, Reported = false });
        }
        return response;
    }

    public override async Task<ListFocusGoalAssessmentsResponse> ListFocusGoalAssessments(ListFocusGoalAssessmentsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();
        var goal = await db.FocusGoals.AsNoTracking().SingleOrDefaultAsync(g =>
            g.MunicipalityCode == municipality && g.Year == period.Year && g.Number == request.FocusGoalNumber, context.CancellationToken)
            ?? throw new ValidationFailedException("focus_goal_number", $"focus goal {request.FocusGoalNumber} does not exist for {period.Year}");
        var followUps = await db.FollowUps.AsNoTracking()
            .ForMunicipalityPeriod(municipality, period)
            .OrderBy(f => f.CommitteeCode)
            .ToListAsync(context.CancellationToken);
        var response = new ListFocusGoalAssessmentsResponse { FocusGoal = ToProto(goal) };
        foreach (var followUp in followUps)
        {
            var assessment = followUp.Content.Assessments.FirstOrDefault(a => a.FocusGoalNumber == goal.Number);
            response.Committees.Add(assessment is null
                ? new CommitteeAssessment { CommitteeCode = followUp.CommitteeCode }
                : new CommitteeAssessment { CommitteeCode = followUp.CommitteeCode, Assessment = (Assessment)assessment.Assessment, Text = assessment.Text });
        }
        return response;
    }

    private async Task<Plan> LoadPlan(string municipality, int year, CancellationToken ct)
    {
        var goals = await db.FocusGoals.AsNoTracking().Where(g => g.MunicipalityCode == municipality && g.Year == year).OrderBy(g => g.Number).ToListAsync(ct);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.MunicipalityCode == municipality && a.Year == year).OrderBy(a => a.Number).ToListAsync(ct);
        return new Plan
        {
            MunicipalityCode = municipality,
            Year = year,
            FocusGoals = { goals.Select(ToProto) },
            Assignments = { assignments.Select(ToProto) },
        };
    }

    /// <summary>The period's follow-up (null before one is written), refused when it can no longer be changed.</summary>
    private async Task<Domain.CommitteeFollowUp?> EnsureFollowUpEditable(string municipality, string committee, PeriodKey period, CancellationToken ct)
    {
        var followUp = await db.FollowUps.AsNoTracking().SingleOrDefaultAsync(f =>
            f.MunicipalityCode == municipality && f.CommitteeCode == committee && f.Year == period.Year && f.PeriodPoint == period.Point, ct);
        followUp?.EnsureEditable();
        return followUp;
    }

    private static void CheckAssignment(RequestValidator v, string field, Domain.Assignment? assignment, int number, int year, string committee)
    {
        if (assignment is null)
        {
            v.Add(field, $"assignment {number} does not exist in the municipality's plan for {year}");
        }
        else if (!assignment.IsGivenTo(committee))
        {
            v.Add(field, $"assignment {number} of {year} is not given to committee {committee} (it is given to {string.Join(", ", assignment.CommitteeCodes)})");
        }
    }

    private static void Year(RequestValidator v, string field, int year)
    {
        if (year is < 2000 or > 2100)
        {
            v.Add(field, $"must be a year between 2000 and 2100, got {year}");
        }
    }

    private static void Text(RequestValidator v, string field, string? text)
    {
        if (text is { Length: > MaxText })
        {
            v.Add(field, $"is longer than {MaxText} characters");
        }
    }

    private static void Duplicates(RequestValidator v, string field, IEnumerable<int> numbers)
    {
        foreach (var number in numbers.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            v.Add(field, $"number {number} appears more than once");
        }
    }

    private static Domain.StructuredReport? StructuredReport(RequestValidator v, string field, StructuredReport? input)
    {
        if (input is null)
        {
            return null;
        }
        Text(v, $"{field}.delivery", input.Delivery);
        Text(v, $"{field}.effect", input.Effect);
        Text(v, $"{field}.how_measured", input.HowMeasured);
        return new Domain.StructuredReport(input.Delivery, input.Effect, input.HowMeasured);
    }

    private static AssignmentStatusReport ToProto(Domain.AssignmentStatusReport r)
    {
        var proto = new AssignmentStatusReport
        {
            AssignmentNumber = r.AssignmentNumber,
            Status = (AssignmentStatus)r.Status,
            Comment = r.Comment,
            Version = r.Version,
            StatusWord = r.StatusWord ?? "",
        };
        if (r.StructuredReport is { } s)
        {
            proto.StructuredReport = ToProto(s);
        }
        return proto;
    }

    private static StructuredReport ToProto(Domain.StructuredReport s) =>
        new() { Delivery = s.Delivery, Effect = s.Effect, HowMeasured = s.HowMeasured };

    private static FocusGoal ToProto(Domain.FocusGoal g) =>
        new() { Number = g.Number, Title = g.Title, ShowsEconomicResult = g.ShowsEconomicResult };

    private static Assignment ToProto(Domain.Assignment a) =>
        new() { Number = a.Number, Text = a.Text, FocusGoalNumber = a.FocusGoalNumber, CommitteeCodes = { a.CommitteeCodes } };
}
