using Grpc.Core;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Special reporting as its users live it: only kommunledningskontoret opens a round; each committee answers
/// for itself and no other; the office sees who has answered. Each caller has exactly one role.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SpecialReportingAccessTests(Suite suite)
{
    [Fact]
    public async Task Only_the_office_opens_rounds_and_a_committee_answers_only_for_itself()
    {
        var own = NewCommittee("SR");
        var other = NewCommittee("SO");
        var round = $"r-{Guid.NewGuid():N}"[..12];
        var planning = new PlanningService.PlanningServiceClient(suite.AnonymousGrpc());
        Metadata As(string? committee, string role) => new() { { "authorization", $"Bearer {suite.Token(Municipality, committee, role)}" } };

        var open = new OpenSpecialReportingRoundRequest
        {
            MunicipalityCode = Municipality, RoundCode = round, Title = "Synpunktshantering", Period = FullYear2024Proto,
            DueDate = "2025-01-31", Questions = { new SpecialReportingQuestion { Number = 1, Text = "Hur hanteras synpunkter?" } },
            CommitteeCodes = { own, other },
        };
        // A committee's writer cannot open a round, not even with its own committee named.
        var denied = await Assert.ThrowsAsync<RpcException>(() => planning.OpenSpecialReportingRoundAsync(open, As(own, Roles.CommitteeWriter)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        await planning.OpenSpecialReportingRoundAsync(open, As(null, Roles.MunicipalOffice));

        AnswerSpecialReportingRequest Answer(string committee) => new()
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, RoundCode = round,
            Answers = { new AnswerInput { QuestionNumber = 1, Answer = $"Svar från {committee}" } },
        };
        // The office answers for nobody; a writer answers for its own committee and not for another.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            planning.AnswerSpecialReportingAsync(Answer(own), As(null, Roles.MunicipalOffice)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            planning.AnswerSpecialReportingAsync(Answer(other), As(own, Roles.CommitteeWriter)).ResponseAsync)).StatusCode);
        await planning.AnswerSpecialReportingAsync(Answer(own), As(own, Roles.CommitteeWriter));

        var overview = await planning.GetSpecialReportingRoundAsync(
            new GetSpecialReportingRoundRequest { MunicipalityCode = Municipality, RoundCode = round }, As(null, Roles.MunicipalOffice));
        Assert.Equal([own], overview.AnsweredCommitteeCodes);
        Assert.Equal([other], overview.MissingCommitteeCodes);
        Assert.Equal($"Svar från {own}", overview.Committees.Single(c => c.CommitteeCode == own).Answers.Single().Answer);
    }
}
