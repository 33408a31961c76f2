using Grpc.Core;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.PlanningDemo;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Planning's status vocabulary over gRPC against its real database: a bad vocabulary is refused with every field
/// named and nothing stored; a status given both as a code and as a word must agree. Each test has a municipality of its own.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class StatusVocabularyTests(ServiceHosts suite)
{
    private PlanningService.PlanningServiceClient Planning => new(suite.Grpc);

    private static StatusVocabularyWord Word(string word, AssignmentStatus status) => new() { Word = word, Status = status };

    [Fact]
    public async Task A_bad_vocabulary_is_refused_with_each_field_named_and_nothing_is_stored()
    {
        var municipality = NewMunicipality();
        await Planning.SetStatusVocabularyAsync(new SetStatusVocabularyRequest { MunicipalityCode = municipality, Words = { Word("Genomförd", AssignmentStatus.Done) } });

        var error = await Assert.ThrowsAsync<RpcException>(() => Planning.SetStatusVocabularyAsync(new SetStatusVocabularyRequest
        {
            MunicipalityCode = municipality,
            Words =
            {
                Word("Klar", AssignmentStatus.Done), Word("", AssignmentStatus.Done), Word("klar", AssignmentStatus.InProgress),
                Word("Senare", AssignmentStatus.Unspecified), Word(new string('å', 41), AssignmentStatus.Postponed),
            },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations;
        Assert.Equal(["words[1].word", "words[2].word", "words[3].status", "words[4].word"], violations.Select(v => v.Field));
        var stored = await Planning.GetStatusVocabularyAsync(new GetStatusVocabularyRequest { MunicipalityCode = municipality });
        Assert.Equal((1L, "Genomförd"), (stored.Version, stored.Words.Single().Word));

        var empty = await Assert.ThrowsAsync<RpcException>(() => Planning.SetStatusVocabularyAsync(new SetStatusVocabularyRequest { MunicipalityCode = municipality }).ResponseAsync);
        Assert.Equal("words", Assert.Single(empty.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task A_status_given_as_code_and_word_must_agree_and_either_alone_is_enough()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("VF"));
        var (plan, _, _) = Parts(committee, "r1");
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), plan);
        ReportAssignmentStatusRequest Request(AssignmentStatus status, string word) => new()
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto, AssignmentNumber = 35, Status = status, StatusWord = word,
        };

        var disagree = await Assert.ThrowsAsync<RpcException>(() => Planning.ReportAssignmentStatusAsync(Request(AssignmentStatus.InProgress, "Färdig")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, disagree.StatusCode);
        Assert.Equal("status_word", Assert.Single(disagree.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);
        var neither = await Assert.ThrowsAsync<RpcException>(() => Planning.ReportAssignmentStatusAsync(Request(AssignmentStatus.Unspecified, " ")).ResponseAsync);
        Assert.Equal("status", Assert.Single(neither.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);

        // The defaults: "Färdig" is done; with the code beside it, agreeing, the word is kept.
        var both = await Planning.ReportAssignmentStatusAsync(Request(AssignmentStatus.Done, "Färdig"));
        Assert.Equal((AssignmentStatus.Done, "Färdig", 1L), (both.Status, both.StatusWord, both.Version));
        var byCode = await Planning.ReportAssignmentStatusAsync(Request(AssignmentStatus.Postponed, ""));
        Assert.Equal((AssignmentStatus.Postponed, "", 2L), (byCode.Status, byCode.StatusWord, byCode.Version));
        var followUp = await Planning.GetFollowUpAsync(new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto });
        Assert.Equal((AssignmentStatus.Postponed, ""), followUp.Assignments.Where(a => a.Number == 35).Select(a => (a.Status, a.StatusWord)).Single());
    }
}
