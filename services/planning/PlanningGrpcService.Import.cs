using System.Globalization;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using Domain = NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning;

/// <summary>
/// A committee's whole follow-up from its own system: every item checked and every problem reported with
/// the item's path, then stored in one SaveChanges, or nothing.
/// </summary>
public sealed partial class PlanningGrpcService
{
    public override async Task<FollowUp> ImportFollowUp(ImportFollowUpRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();

        // Concurrent first imports of a new period (or a status written beside one) would race to create its follow-up.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockPeriodAsync("planning", municipality, committee, period, ct);
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f =>
            f.MunicipalityCode == municipality && f.CommitteeCode == committee && f.Year == period.Year && f.PeriodPoint == period.Point, ct);
        followUp?.EnsureEditable();

        var goals = await db.FocusGoals.AsNoTracking().Where(g => g.MunicipalityCode == municipality && g.Year == period.Year)
            .Select(g => g.Number).ToListAsync(ct);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.MunicipalityCode == municipality && a.Year == period.Year)
            .ToDictionaryAsync(a => a.Number, ct);
        var vocabulary = await VocabularyAsync(municipality, ct);
        var roundCodes = request.SpecialReportingAnswers.Select(a => a.RoundCode).Distinct().ToList();
        var rounds = await db.SpecialReportingRounds.Where(r => r.MunicipalityCode == municipality && roundCodes.Contains(r.RoundCode))
            .ToDictionaryAsync(r => r.RoundCode, ct);

        Text(v, "committee_name", request.CommitteeName);
        Text(v, "department_name", request.DepartmentName);
        Text(v, "prepared_by", request.PreparedBy);
        Text(v, "as_of_label", request.AsOfLabel);
        var documentDate = OptionalDate(v, "document_date", request.DocumentDate);

        var assessments = new List<Domain.FocusGoalAssessment>();
        for (var i = 0; i < request.Assessments.Count; i++)
        {
            var input = request.Assessments[i];
            var path = $"assessments[{i}]";
            FocusGoalExists(v, $"{path}.focus_goal_number", input.FocusGoalNumber, goals, period.Year);
            var assessment = Domain.AssessmentWords.Parse(input.Assessment);
            if (assessment is null)
            {
                v.Add($"{path}.assessment", $"'{input.Assessment}' is not on the scale: leder till, delvis, leder inte till, kan inte bedömas");
            }
            Text(v, $"{path}.text", input.Text);
            assessments.Add(new(input.FocusGoalNumber, assessment ?? default, input.Text));
        }
        Duplicates(v, "assessments", request.Assessments.Select(a => a.FocusGoalNumber));

        // The stored reports, before the words are read: a stored word sent back keeps its status (StatusVocabulary.Parse).
        var numbers = request.Assignments.Select(a => a.Number).Distinct().ToList();
        var reports = await db.AssignmentStatusReports.Where(r => r.MunicipalityCode == municipality && r.CommitteeCode == committee
            && r.Year == period.Year && r.PeriodPoint == period.Point && numbers.Contains(r.AssignmentNumber)).ToDictionaryAsync(r => r.AssignmentNumber, ct);
        var storedContent = followUp?.Content ?? Domain.FollowUpContent.Empty;

        var statuses = new List<(int Number, Domain.AssignmentStatus Status, string? Word, string Comment, Domain.StructuredReport? Structured)>();
        var actions = new List<Domain.AssignmentActions>();
        for (var i = 0; i < request.Assignments.Count; i++)
        {
            var input = request.Assignments[i];
            var path = $"assignments[{i}]";
            CheckAssignment(v, $"{path}.number", assignments.GetValueOrDefault(input.Number), input.Number, period.Year, committee);
            var storedWord = reports.GetValueOrDefault(input.Number)?.WordAsStored(storedContent.StatusWordOf(input.Number));
            var status = Status(v, $"{path}.status", input.Status, vocabulary, storedWord);
            Text(v, $"{path}.comment", input.Comment);
            Actions(v, $"{path}.actions", input.Actions);
            statuses.Add((input.Number, status, StatusWord(input.Status), input.Comment, StructuredReport(v, $"{path}.structured_report", input.StructuredReport)));
            actions.Add(new(input.Number, [.. input.Actions], StatusWord(input.Status)));
        }
        Duplicates(v, "assignments", request.Assignments.Select(a => a.Number));

        var committeeGoals = new List<Domain.CommitteeGoal>();
        for (var i = 0; i < request.CommitteeGoals.Count; i++)
        {
            var input = request.CommitteeGoals[i];
            var path = $"committee_goals[{i}]";
            if (string.IsNullOrWhiteSpace(input.Text)) v.Add($"{path}.text", "is required");
            Text(v, $"{path}.text", input.Text);
            FocusGoalExists(v, $"{path}.focus_goal_number", input.FocusGoalNumber, goals, period.Year);
            var status = Status(v, $"{path}.status", input.Status, vocabulary, storedContent.CommitteeGoalWord(input.Text, input.FocusGoalNumber));
            Text(v, $"{path}.comment", input.Comment);
            Actions(v, $"{path}.actions", input.Actions);
            committeeGoals.Add(new(input.Text, input.FocusGoalNumber, status, [.. input.Actions], input.Comment, StatusWord(input.Status)));
        }

        var additional = new List<Domain.AdditionalAssignment>();
        for (var i = 0; i < request.AdditionalAssignments.Count; i++)
        {
            var input = request.AdditionalAssignments[i];
            var path = $"additional_assignments[{i}]";
            var body = DecidingBody(input.DecidedBy);
            if (body is null) v.Add($"{path}.decided_by", $"must be KS (kommunstyrelsen) or KF (kommunfullmäktige), got '{input.DecidedBy}'");
            if (string.IsNullOrWhiteSpace(input.DecisionText)) v.Add($"{path}.decision_text", "is required");
            Text(v, $"{path}.decision_text", input.DecisionText);
            Text(v, $"{path}.report", input.Report);
            additional.Add(new(body ?? default, input.DecisionText, input.DecisionReference, input.Report));
        }

        var answers = new List<(Domain.SpecialReportingRound Round, int Question, string Answer)>();
        for (var i = 0; i < request.SpecialReportingAnswers.Count; i++)
        {
            var input = request.SpecialReportingAnswers[i];
            var path = $"special_reporting_answers[{i}]";
            Text(v, $"{path}.answer", input.Answer);
            if (!rounds.TryGetValue(input.RoundCode, out var round))
            {
                v.Add($"{path}.round_code", $"no special-reporting round '{input.RoundCode}' in municipality {municipality}");
                continue;
            }
            try
            {
                round.EnsureAnswerable(committee, input.QuestionNumber, $"{path}.question_number");
                answers.Add((round, input.QuestionNumber, input.Answer));
            }
            // In an import every problem is reported with its item's path, a closed round included.
            catch (ReportLockedException e)
            {
                v.Add($"{path}.round_code", e.Message);
            }
            catch (ValidationFailedException e)
            {
                foreach (var violation in e.Violations) v.Add(violation.Field == "committee_code" ? $"{path}.round_code" : violation.Field, violation.Description);
            }
        }
        Duplicates(v, "special_reporting_answers", request.SpecialReportingAnswers.Select(a => (a.RoundCode, a.QuestionNumber)), "the same round and question appear more than once");

        var analysis = new List<Domain.AnalysisSection>();
        for (var i = 0; i < request.Analysis.Count; i++)
        {
            var input = request.Analysis[i];
            var path = $"analysis[{i}]";
            var kind = AnalysisKind(input.Kind);
            if (kind is null) v.Add($"{path}.kind", $"must be important_event, goal_fulfilment, future_challenge, core_mission, cost_development or private_providers, got '{input.Kind}'");
            if (input.FocusGoalNumber != 0) FocusGoalExists(v, $"{path}.focus_goal_number", input.FocusGoalNumber, goals, period.Year);
            Text(v, $"{path}.heading", input.Heading);
            Text(v, $"{path}.text", input.Text);
            if (input.Group.Length > 0) Text(v, $"{path}.group", input.Group);
            analysis.Add(new(kind ?? default, input.FocusGoalNumber == 0 ? null : input.FocusGoalNumber, input.Heading, input.Text,
                string.IsNullOrWhiteSpace(input.Group) ? null : input.Group.Trim()));
        }
        var coverMemo = CoverMemo(v, "cover_memo", request.CoverMemo);
        v.ThrowIfInvalid();

        var now = time.GetUtcNow();
        if (followUp is null)
        {
            followUp = Domain.CommitteeFollowUp.Create(municipality, committee, period.Year, period.Point);
            db.FollowUps.Add(followUp);
        }
        var content = new Domain.FollowUpContent(request.CommitteeName, request.DepartmentName, request.PreparedBy, documentDate, request.AsOfLabel,
            assessments.OrderBy(a => a.FocusGoalNumber).ToList(), actions, committeeGoals, additional, analysis, coverMemo);
        foreach (var changed in followUp.Replace(content, now))
        {
            db.Publish(followUp.AssessmentChanged(changed, now));
        }

        foreach (var s in statuses)
        {
            if (!reports.TryGetValue(s.Number, out var report))
            {
                report = Domain.AssignmentStatusReport.Create(municipality, committee, period.Year, period.Point, s.Number);
                db.AssignmentStatusReports.Add(report);
            }
            if (report.Report(s.Status, s.Word, s.Comment, s.Structured, now))
            {
                db.Publish(report.ToReportedEvent());
            }
        }

        var roundIds = rounds.Values.Select(r => r.Id).ToList();
        var stored = await db.SpecialReportingAnswers.Where(a => roundIds.Contains(a.RoundId) && a.CommitteeCode == committee)
            .ToDictionaryAsync(a => (a.RoundId, a.QuestionNumber), ct);
        foreach (var (round, question, text) in answers)
        {
            if (!stored.TryGetValue((round.Id, question), out var answer))
            {
                answer = Domain.SpecialReportingAnswer.Create(round, committee, question);
                db.SpecialReportingAnswers.Add(answer);
            }
            if (answer.Give(round, text, now))
            {
                db.Publish(answer.ToEvent(round));
            }
        }

        await db.SaveChangesOrAbortAsync(ct);
        await transaction.CommitAsync(ct);
        return await LoadFollowUp(municipality, committee, period, withEconomicResult: false, ct);
    }

    /// <summary>The committee's own word, as written (trimmed); a contract enum name is no word of the committee's.</summary>
    private static string? StatusWord(string word)
    {
        var w = word.Trim();
        return w.Length == 0 || w.StartsWith("ASSIGNMENT_STATUS_", StringComparison.OrdinalIgnoreCase) ? null : w;
    }

    private static void Actions(RequestValidator v, string field, IReadOnlyList<string> actions)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(actions[i])) v.Add($"{field}[{i}]", "is empty");
            Text(v, $"{field}[{i}]", actions[i]);
        }
    }

    private static void FocusGoalExists(RequestValidator v, string field, int number, List<int> goals, int year)
    {
        if (!goals.Contains(number))
        {
            v.Add(field, $"focus goal {number} does not exist in the municipality's plan for {year}");
        }
    }

    private static void Duplicates<T>(RequestValidator v, string field, IEnumerable<T> keys, string description)
    {
        if (keys.GroupBy(k => k).Any(g => g.Count() > 1))
        {
            v.Add(field, description);
        }
    }

    private static Domain.DecidingBody? DecidingBody(string text) => text.Trim().ToUpperInvariant() switch
    {
        "KS" or "DECIDING_BODY_KS" or "KOMMUNSTYRELSEN" => Domain.DecidingBody.Ks,
        "KF" or "DECIDING_BODY_KF" or "KOMMUNFULLMÄKTIGE" => Domain.DecidingBody.Kf,
        _ => null,
    };

    private static Domain.AnalysisSectionKind? AnalysisKind(string text) =>
        text.Trim().ToLowerInvariant().Replace("analysis_section_kind_", "") switch
        {
            "important_event" => Domain.AnalysisSectionKind.ImportantEvent,
            "goal_fulfilment" => Domain.AnalysisSectionKind.GoalFulfilment,
            "future_challenge" => Domain.AnalysisSectionKind.FutureChallenge,
            "core_mission" => Domain.AnalysisSectionKind.CoreMission,
            "cost_development" => Domain.AnalysisSectionKind.CostDevelopment,
            "private_providers" => Domain.AnalysisSectionKind.PrivateProviders,
            _ => null,
        };
}
