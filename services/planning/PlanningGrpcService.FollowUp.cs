using System.Globalization;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Planning.Documents;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;
using Domain = NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning;

/// <summary>A committee's follow-up of a period: reading, Bilaga 1 (HTML, PDF), earlier versions from their snapshots.</summary>
public sealed partial class PlanningGrpcService
{
    public override async Task<FollowUp> GetFollowUp(GetFollowUpRequest request, ServerCallContext context)
    {
        var (municipality, committee, period) = Scope(request.MunicipalityCode, request.CommitteeCode, request.Period);
        return request.Version > 0
            ? await LoadVersion(municipality, committee, period, request.Version, context.CancellationToken)
            : await LoadFollowUp(municipality, committee, period, withEconomicResult: true, context.CancellationToken);
    }

    public override async Task<HttpBody> RenderFollowUpDocument(RenderFollowUpDocumentRequest request, ServerCallContext context)
    {
        var (municipality, committee, period) = Scope(request.MunicipalityCode, request.CommitteeCode, request.Period);
        var followUp = request.Version > 0
            ? await LoadVersion(municipality, committee, period, request.Version, context.CancellationToken)
            : await LoadFollowUp(municipality, committee, period, withEconomicResult: true, context.CancellationToken);
        return new HttpBody
        {
            ContentType = "text/html; charset=utf-8",
            Data = ByteString.CopyFromUtf8(request.Document switch
            {
                FollowUpDocument.Bilaga2 => Bilaga2Document.Render(followUp),
                FollowUpDocument.CoverMemo => CoverMemoDocument.Render(followUp),
                FollowUpDocument.Review => ReviewDocument.Render(followUp, await narrativeReview.CheckAsync(followUp, context.CancellationToken)),
                _ => Bilaga1Document.Render(followUp),
            }),
        };
    }

    public override async Task<HttpBody> RenderFollowUpPdf(RenderFollowUpDocumentRequest request, ServerCallContext context)
    {
        var html = await RenderFollowUpDocument(request, context);
        var pdf = await pdfPrinter.PrintAsync(html.Data.ToStringUtf8(), context.CancellationToken);
        return new HttpBody { ContentType = "application/pdf", Data = ByteString.CopyFrom(pdf) };
    }

    private async Task<FollowUp> LoadVersion(string municipality, string committee, PeriodKey period, int version, CancellationToken ct)
    {
        var key = $"{municipality}/{committee}/{period.Year}/{period.Point}";
        var snapshots = await db.ReportSnapshots.AsNoTracking()
            .Where(s => s.ReportKey == key && s.Version == version)
            .ToListAsync(ct);
        // The adopted state is the version's final word; a submitted one stands in until then.
        var snapshot = snapshots.OrderByDescending(s => s.Status == Contracts.Common.V1.ReportStatus.Adopted).ThenByDescending(s => s.TakenAt).FirstOrDefault()
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"version {version} of the follow-up {key} was never submitted or adopted"));
        return JsonParser.Default.Parse<FollowUp>(snapshot.Content);
    }

    internal async Task<FollowUp> LoadFollowUp(string municipality, string committee, PeriodKey period, bool withEconomicResult, CancellationToken ct)
    {
        var followUp = await db.FollowUps.AsNoTracking().SingleOrDefaultAsync(f =>
            f.MunicipalityCode == municipality && f.CommitteeCode == committee && f.Year == period.Year && f.PeriodPoint == period.Point, ct);
        var content = followUp?.Content ?? Domain.FollowUpContent.Empty;
        var goals = await db.FocusGoals.AsNoTracking().Where(g => g.MunicipalityCode == municipality && g.Year == period.Year).OrderBy(g => g.Number).ToListAsync(ct);
        var reports = await db.AssignmentStatusReports.AsNoTracking()
            .ForPeriod(municipality, committee, period)
            .ToDictionaryAsync(r => r.AssignmentNumber, ct);
        var assignments = (await db.Assignments.AsNoTracking().Where(a => a.MunicipalityCode == municipality && a.Year == period.Year).OrderBy(a => a.Number).ToListAsync(ct))
            .Where(a => a.CommitteeCodes.Contains(committee) || reports.ContainsKey(a.Number))
            .ToList();

        var result = new FollowUp
        {
            MunicipalityCode = municipality,
            CommitteeCode = committee,
            Period = period.ToProto(),
            CommitteeName = content.CommitteeName,
            DepartmentName = content.DepartmentName,
            PreparedBy = content.PreparedBy,
            DocumentDate = content.DocumentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            AsOfLabel = content.AsOfLabel,
            State = (followUp?.Lifecycle ?? new ReportLifecycle()).ToProto(),
            CoverMemo = content.CoverMemo is { } memo ? ToProto(memo) : null,
        };
        foreach (var goal in goals)
        {
            var assessment = content.Assessments.FirstOrDefault(a => a.FocusGoalNumber == goal.Number);
            var proto = new FocusGoalFollowUp { Number = goal.Number, Title = goal.Title };
            if (assessment is not null)
            {
                proto.Assessment = (Assessment)assessment.Assessment;
                proto.AssessmentText = assessment.Text;
            }
            if (goal.ShowsEconomicResult && withEconomicResult)
            {
                proto.EconomicResult = await economicResults.GetAsync(municipality, committee, period, ct);
            }
            result.FocusGoals.Add(proto);
        }
        foreach (var a in assignments)
        {
            var proto = new AssignmentFollowUp { Number = a.Number, Text = a.Text, FocusGoalNumber = a.FocusGoalNumber, Actions = { content.ActionsOf(a.Number) }, StatusWord = content.StatusWordOf(a.Number) };
            if (reports.TryGetValue(a.Number, out var r))
            {
                proto.Status = (AssignmentStatus)r.Status;
                // The word stored with the status belongs to it; a row stored before it kept one leaves the import's
                // word (which the documents print only while it still reads as the status).
                if (r.StatusWord is { } word) proto.StatusWord = word;
                proto.Comment = r.Comment;
                if (r.StructuredReport is { } s) proto.StructuredReport = ToProto(s);
            }
            result.Assignments.Add(proto);
        }
        result.CommitteeGoals.AddRange(content.CommitteeGoals.Select(g => new CommitteeGoal
        {
            Text = g.Text, FocusGoalNumber = g.FocusGoalNumber, Status = (AssignmentStatus)g.Status, Actions = { g.Actions }, Comment = g.Comment,
            StatusWord = g.StatusWord ?? "",
        }));
        result.AdditionalAssignments.AddRange(content.AdditionalAssignments.Select(a => new AdditionalAssignment
        {
            DecidedBy = (DecidingBody)a.DecidedBy, DecisionText = a.DecisionText, DecisionReference = a.DecisionReference, Report = a.Report,
        }));
        result.Analysis.AddRange(content.Analysis.Select(s => new AnalysisSection
        {
            Kind = (AnalysisSectionKind)s.Kind, FocusGoalNumber = s.FocusGoalNumber ?? 0, Heading = s.Heading, Text = s.Text, Group = s.Group ?? "",
        }));

        var rounds = await db.SpecialReportingRounds.AsNoTracking()
            .Where(r => r.MunicipalityCode == municipality && r.Year == period.Year && r.PeriodPoint == period.Point)
            .OrderBy(r => r.OpenedAt).ToListAsync(ct);
        var roundIds = rounds.Select(r => r.Id).ToList();
        var answers = await db.SpecialReportingAnswers.AsNoTracking()
            .Where(a => roundIds.Contains(a.RoundId) && a.CommitteeCode == committee)
            .ToDictionaryAsync(a => (a.RoundId, a.QuestionNumber), a => a.Answer, ct);
        foreach (var round in rounds.Where(r => r.CommitteeCodes.Contains(committee)))
        {
            result.SpecialReporting.AddRange(round.Questions.Select(q => new SpecialReportingQuestionAnswer
            {
                RoundCode = round.RoundCode, QuestionNumber = q.Number, Question = q.Text, Answer = answers.GetValueOrDefault((round.Id, q.Number), ""),
            }));
        }
        return result;
    }

    private static (string Municipality, string Committee, PeriodKey Period) Scope(string municipalityCode, string committeeCode, Contracts.Common.V1.Period? period)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", municipalityCode);
        var committee = v.Code("committee_code", committeeCode);
        var key = v.Period("period", period);
        v.ThrowIfInvalid();
        return (municipality, committee, key);
    }

    private static DateOnly? OptionalDate(RequestValidator v, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        v.Add(field, $"must be a date yyyy-MM-dd, got '{text}'");
        return null;
    }
}
