using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Planning.Tests;

/// <summary>
/// The seed's follow-up as the service would answer it, made here from the demo data
/// (deploy/demo/planning-followup-2024.json: plan, round and import), so a document of the whole seed can be
/// rendered and printed without the services. The status words map as the import maps them.
/// </summary>
public static class SeedFollowUp
{
    public static JsonNode Demo { get; } = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy/demo/planning-followup-2024.json")))!;

    public static FollowUp Create()
    {
        var plan = Demo["plan"]!;
        var import = Demo["followUp"]!;
        var f = new FollowUp
        {
            MunicipalityCode = "0380", CommitteeCode = "SCN",
            Period = new Contracts.Common.V1.Period { Year = 2024, Point = Contracts.Common.V1.PeriodPoint.FullYear },
            CommitteeName = (string)import["committeeName"]!, DepartmentName = (string)import["departmentName"]!,
            PreparedBy = (string)import["preparedBy"]!, DocumentDate = (string)import["documentDate"]!, AsOfLabel = (string)import["asOfLabel"]!,
            State = new Contracts.Common.V1.ReportState { Status = Contracts.Common.V1.ReportStatus.Adopted, Version = 1, CaseNumber = (string)Demo["adoption"]!["caseNumber"]!, DecisionDate = Date(Demo["adoption"]!["decisionDate"]!) },
        };
        var assessments = import["assessments"]!.AsArray().ToDictionary(a => (int)a!["focusGoalNumber"]!);
        foreach (var g in plan["focusGoals"]!.AsArray())
        {
            var number = (int)g!["number"]!;
            var goal = new FocusGoalFollowUp { Number = number, Title = (string)g["title"]! };
            if (assessments.TryGetValue(number, out var a))
            {
                goal.Assessment = Domain.AssessmentWords.Parse((string)a!["assessment"]!) is { } parsed ? (Assessment)parsed : Assessment.Unspecified;
                goal.AssessmentText = (string)a["text"]!;
            }
            if ((bool?)g["showsEconomicResult"] == true)
            {
                goal.EconomicResult = new EconomicResult { Available = true, Result = new() { Value = "-23500000" } };
            }
            f.FocusGoals.Add(goal);
        }
        var reported = import["assignments"]!.AsArray().ToDictionary(a => (int)a!["number"]!);
        foreach (var a in plan["assignments"]!.AsArray())
        {
            var number = (int)a!["number"]!;
            var proto = new AssignmentFollowUp { Number = number, Text = (string)a["text"]!, FocusGoalNumber = (int)a["focusGoalNumber"]! };
            if (reported.TryGetValue(number, out var r))
            {
                proto.Status = Status((string)r!["status"]!);
                proto.StatusWord = (string)r["status"]!;
                proto.Actions.AddRange(r["actions"]!.AsArray().Select(x => (string)x!));
                proto.Comment = (string)r["comment"]!;
                if (r["structuredReport"] is { } s)
                {
                    proto.StructuredReport = new StructuredReport { Delivery = (string)s["delivery"]!, Effect = (string)s["effect"]!, HowMeasured = (string)s["howMeasured"]! };
                }
            }
            f.Assignments.Add(proto);
        }
        foreach (var g in import["committeeGoals"]!.AsArray())
        {
            f.CommitteeGoals.Add(new CommitteeGoal
            {
                Text = (string)g!["text"]!, FocusGoalNumber = (int)g["focusGoalNumber"]!, Status = Status((string)g["status"]!), StatusWord = (string)g["status"]!,
                Actions = { g["actions"]!.AsArray().Select(x => (string)x!) }, Comment = (string)g["comment"]!,
            });
        }
        foreach (var a in import["additionalAssignments"]!.AsArray())
        {
            f.AdditionalAssignments.Add(new AdditionalAssignment
            {
                DecidedBy = (string)a!["decidedBy"]! == "KF" ? DecidingBody.Kf : DecidingBody.Ks,
                DecisionText = (string)a["decisionText"]!, DecisionReference = (string?)a["decisionReference"] ?? "", Report = (string)a["report"]!,
            });
        }
        var answers = import["specialReportingAnswers"]!.AsArray().ToDictionary(a => (int)a!["questionNumber"]!, a => (string)a!["answer"]!);
        foreach (var q in Demo["specialReportingRound"]!["questions"]!.AsArray())
        {
            var number = (int)q!["number"]!;
            f.SpecialReporting.Add(new SpecialReportingQuestionAnswer
            {
                RoundCode = (string)Demo["specialReportingRound"]!["roundCode"]!, QuestionNumber = number, Question = (string)q["text"]!, Answer = answers.GetValueOrDefault(number, ""),
            });
        }
        foreach (var s in import["analysis"]!.AsArray())
        {
            f.Analysis.Add(new AnalysisSection
            {
                Kind = Enum.Parse<AnalysisSectionKind>(((string)s!["kind"]!).Replace("_", ""), ignoreCase: true),
                FocusGoalNumber = (int?)s["focusGoalNumber"] ?? 0, Heading = (string)s["heading"]!, Text = (string)s["text"]!, Group = (string?)s["group"] ?? "",
            });
        }
        if (import["coverMemo"] is { } memo)
        {
            f.CoverMemo = new CoverMemo
            {
                Title = (string)memo["title"]!, AddressedTo = (string)memo["addressedTo"]!, CaseNumber = (string)memo["caseNumber"]!,
                ProposalIntro = (string)memo["proposalIntro"]!, Proposals = { memo["proposals"]!.AsArray().Select(x => (string)x!) },
                Sections = { memo["sections"]!.AsArray().Select(x => new CoverMemoSection { Heading = (string)x!["heading"]!, Text = (string)x["text"]!, Level = (int)x["level"]! }) },
                DecisionBasis = { memo["decisionBasis"]!.AsArray().Select(x => (string)x!) },
                SignatoryName = (string)memo["signatoryName"]!, SignatoryTitle = (string)memo["signatoryTitle"]!,
            };
        }
        return f;
    }

    private static Google.Type.Date Date(JsonNode date) =>
        new() { Year = (int)date["year"]!, Month = (int)date["month"]!, Day = (int)date["day"]! };

    private static AssignmentStatus Status(string word) =>
        Domain.AssignmentStatusWords.Parse(word) is { } s ? (AssignmentStatus)s : throw new InvalidOperationException($"'{word}' is not a status word");
}
