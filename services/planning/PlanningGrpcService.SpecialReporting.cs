using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.SharedKernel;
using Domain = NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning;

/// <summary>Special reporting: rounds opened by kommunledningskontoret, answered by each committee.</summary>
public sealed partial class PlanningGrpcService
{
    public override async Task<SpecialReportingRound> OpenSpecialReportingRound(OpenSpecialReportingRoundRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var code = v.Code("round_code", request.RoundCode, 64);
        var period = v.Period("period", request.Period);
        var dueDate = OptionalDate(v, "due_date", request.DueDate);
        if (dueDate is null && v.IsValid) v.Add("due_date", "is required (yyyy-MM-dd)");
        if (string.IsNullOrWhiteSpace(request.Title)) v.Add("title", "is required");
        Text(v, "title", request.Title);
        for (var i = 0; i < request.Questions.Count; i++)
        {
            if (request.Questions[i].Number <= 0) v.Add($"questions[{i}].number", $"must be positive, got {request.Questions[i].Number}");
            if (string.IsNullOrWhiteSpace(request.Questions[i].Text)) v.Add($"questions[{i}].text", "is required");
            Text(v, $"questions[{i}].text", request.Questions[i].Text);
        }
        var committees = request.CommitteeCodes.Select((c, i) => v.Code($"committee_codes[{i}]", c)).ToList();
        v.ThrowIfInvalid();

        if (await db.SpecialReportingRounds.AnyAsync(r => r.MunicipalityCode == municipality && r.RoundCode == code, ct))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"round '{code}' already exists in municipality {municipality}"));
        }
        if (committees.Count == 0)
        {
            // "Every committee of the municipality": those the year's plan gives assignments to.
            committees = (await db.Assignments.AsNoTracking().Where(a => a.MunicipalityCode == municipality && a.Year == period.Year)
                .Select(a => a.CommitteeCodes).ToListAsync(ct)).SelectMany(c => c).Distinct().ToList();
        }
        var round = Domain.SpecialReportingRound.Open(municipality, code, request.Title.Trim(), period.Year, period.Point, dueDate!.Value,
            request.Questions.Select(q => new Domain.SpecialReportingQuestion(q.Number, q.Text.Trim())).ToList(), committees, time.GetUtcNow());
        db.SpecialReportingRounds.Add(round);
        db.Publish(round.OpenedEvent());
        await db.SaveChangesOrAbortAsync(ct);
        return ToProto(round);
    }

    public override async Task<SpecialReportingRound> CloseSpecialReportingRound(CloseSpecialReportingRoundRequest request, ServerCallContext context)
    {
        var round = await FindRound(request.MunicipalityCode, request.RoundCode, context.CancellationToken);
        round.Close(time.GetUtcNow());
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        return ToProto(round);
    }

    public override async Task<SpecialReportingAnswers> AnswerSpecialReporting(AnswerSpecialReportingRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new RequestValidator();
        var committee = v.Code("committee_code", request.CommitteeCode);
        if (request.Answers.Count == 0) v.Add("answers", "at least one answer is required");
        for (var i = 0; i < request.Answers.Count; i++)
        {
            Text(v, $"answers[{i}].answer", request.Answers[i].Answer);
        }
        Duplicates(v, "answers", request.Answers.Select(a => a.QuestionNumber));
        v.ThrowIfInvalid();
        var round = await FindRound(request.MunicipalityCode, request.RoundCode, ct);
        for (var i = 0; i < request.Answers.Count; i++)
        {
            round.EnsureAnswerable(committee, request.Answers[i].QuestionNumber, $"answers[{i}].question_number");
        }

        var stored = await db.SpecialReportingAnswers.Where(a => a.RoundId == round.Id && a.CommitteeCode == committee)
            .ToDictionaryAsync(a => a.QuestionNumber, ct);
        var now = time.GetUtcNow();
        foreach (var input in request.Answers)
        {
            if (!stored.TryGetValue(input.QuestionNumber, out var answer))
            {
                answer = Domain.SpecialReportingAnswer.Create(round, committee, input.QuestionNumber);
                db.SpecialReportingAnswers.Add(answer);
                stored[input.QuestionNumber] = answer;
            }
            if (answer.Give(round, input.Answer, now))
            {
                db.Publish(answer.ToEvent(round));
            }
        }
        await db.SaveChangesOrAbortAsync(ct);
        return new SpecialReportingAnswers
        {
            CommitteeCode = committee,
            RoundCode = round.RoundCode,
            Answers = { stored.Values.OrderBy(a => a.QuestionNumber).Select(a => new AnswerInput { QuestionNumber = a.QuestionNumber, Answer = a.Answer }) },
        };
    }

    public override async Task<SpecialReportingRoundOverview> GetSpecialReportingRound(GetSpecialReportingRoundRequest request, ServerCallContext context)
    {
        var round = await FindRound(request.MunicipalityCode, request.RoundCode, context.CancellationToken, tracked: false);
        var answers = (await db.SpecialReportingAnswers.AsNoTracking().Where(a => a.RoundId == round.Id).ToListAsync(context.CancellationToken))
            .GroupBy(a => a.CommitteeCode).ToDictionary(g => g.Key, g => g.OrderBy(a => a.QuestionNumber).ToList());
        var overview = new SpecialReportingRoundOverview { Round = ToProto(round) };
        foreach (var committee in round.CommitteeCodes)
        {
            var given = answers.GetValueOrDefault(committee) ?? [];
            var missing = round.Questions.Select(q => q.Number).Except(given.Where(a => !string.IsNullOrWhiteSpace(a.Answer)).Select(a => a.QuestionNumber)).ToList();
            overview.Committees.Add(new CommitteeAnswers
            {
                CommitteeCode = committee,
                Answered = missing.Count == 0,
                MissingQuestionNumbers = { missing },
                Answers = { given.Select(a => new AnswerInput { QuestionNumber = a.QuestionNumber, Answer = a.Answer }) },
            });
            (missing.Count == 0 ? overview.AnsweredCommitteeCodes : overview.MissingCommitteeCodes).Add(committee);
        }
        return overview;
    }

    private async Task<Domain.SpecialReportingRound> FindRound(string municipalityCode, string roundCode, CancellationToken ct, bool tracked = true)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", municipalityCode);
        var code = v.Code("round_code", roundCode, 64);
        v.ThrowIfInvalid();
        var rounds = tracked ? db.SpecialReportingRounds : db.SpecialReportingRounds.AsNoTracking();
        return await rounds.SingleOrDefaultAsync(r => r.MunicipalityCode == municipality && r.RoundCode == code, ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no special-reporting round '{code}' in municipality {municipality}"));
    }

    private static SpecialReportingRound ToProto(Domain.SpecialReportingRound r) => new()
    {
        MunicipalityCode = r.MunicipalityCode,
        RoundCode = r.RoundCode,
        Title = r.Title,
        Period = new SharedKernel.PeriodKey(r.Year, r.PeriodPoint).ToProto(),
        DueDate = r.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Questions = { r.Questions.Select(q => new SpecialReportingQuestion { Number = q.Number, Text = q.Text }) },
        CommitteeCodes = { r.CommitteeCodes },
        Closed = r.IsClosed,
    };
}
