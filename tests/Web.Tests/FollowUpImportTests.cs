using Google.Protobuf;
using Google.Protobuf.Reflection;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Web.Gateway;

namespace NamndFollowUp.Web.Tests;

/// <summary>
/// <see cref="FollowUpImport"/>: saving one assessment in the web app sends the whole stored follow-up back to planning,
/// whose import removes what the request leaves out. It once left out the tjänsteskrivelse and wrote the committee's
/// status words as codes ("Färdig" came back as "Klar").
/// </summary>
public sealed class FollowUpImportTests
{
    private static FollowUp Stored() => new()
    {
        MunicipalityCode = "0380", CommitteeCode = "SCN", Period = new Period { Year = 2024, Point = PeriodPoint.FullYear },
        CommitteeName = "Socialnämnden", DepartmentName = "Socialförvaltningen", PreparedBy = "Magnus Bergmark",
        DocumentDate = "2025-01-16", AsOfLabel = "Per december 2024",
        FocusGoals = { new FocusGoalFollowUp { Number = 1, Title = "Stark ekonomi", Assessment = Assessment.PartlyLeadsTo, AssessmentText = "Delvis." } },
        Assignments =
        {
            new AssignmentFollowUp
            {
                Number = 7, Text = "Uppdrag", FocusGoalNumber = 1, Status = AssignmentStatus.Done, StatusWord = "Färdig", Actions = { "Åtgärd" },
                Comment = "Klart i juni.", StructuredReport = new StructuredReport { Delivery = "Levererat", Effect = "Effekt", HowMeasured = "Mätt" },
            },
            new AssignmentFollowUp { Number = 8, Text = "Uppdrag 8", FocusGoalNumber = 1, Status = AssignmentStatus.InProgress },
        },
        CommitteeGoals =
        {
            new CommitteeGoal { Text = "Nämndmål", FocusGoalNumber = 1, Status = AssignmentStatus.Postponed, StatusWord = "Senarelagd", Actions = { "Steg" }, Comment = "Våren." },
        },
        AdditionalAssignments = { new AdditionalAssignment { DecidedBy = DecidingBody.Kf, DecisionText = "Beslut", DecisionReference = "KF 2024-05-06 § 12", Report = "Redovisat." } },
        SpecialReporting = { new SpecialReportingQuestionAnswer { RoundCode = "R1", QuestionNumber = 2, Question = "Fråga?", Answer = "Svar." } },
        Analysis = { new AnalysisSection { Kind = AnalysisSectionKind.ImportantEvent, FocusGoalNumber = 1, Heading = "Händelser", Text = "Text.", Group = "Grupp" } },
        CoverMemo = new CoverMemo
        {
            Title = "Årsbokslut 2024", AddressedTo = "Socialnämnden", CaseNumber = "SCN-2025-0012", ProposalIntro = "Nämnden föreslås besluta",
            Proposals = { "att godkänna årsbokslutet" }, Sections = { new CoverMemoSection { Heading = "Ärendet", Text = "Text.", Level = 1 } },
            DecisionBasis = { "Årsbokslut 2024" }, SignatoryName = "Namn", SignatoryTitle = "Direktör",
        },
    };

    [Fact]
    public void The_tjänsteskrivelse_goes_back_as_it_was_stored()
    {
        Assert.Equal(Stored().CoverMemo, FollowUpImport.From(Stored()).CoverMemo);
    }

    [Fact]
    public void Status_words_go_back_as_the_committee_wrote_them_and_a_status_without_one_as_its_code()
    {
        var request = FollowUpImport.From(Stored());

        Assert.Equal(["Färdig", "ASSIGNMENT_STATUS_IN_PROGRESS"], request.Assignments.Select(a => a.Status));
        Assert.Equal("Senarelagd", Assert.Single(request.CommitteeGoals).Status);
    }

    [Fact]
    public void Every_field_of_the_import_is_filled_from_a_follow_up_that_has_every_part()
    {
        // A field added to the import later and not carried here would be emptied by every assessment saved in the web app.
        var request = FollowUpImport.From(Stored());
        var empty = ImportFollowUpRequest.Descriptor.Fields.InDeclarationOrder().Where(f => IsEmpty(f, f.Accessor.GetValue(request))).Select(f => f.Name);

        Assert.Empty(empty);
    }

    private static bool IsEmpty(FieldDescriptor field, object? value) => value switch
    {
        null => true,
        System.Collections.IList list => list.Count == 0,
        string text => text.Length == 0,
        IMessage message => message.CalculateSize() == 0,
        _ => field.FieldType is FieldType.Int32 or FieldType.Enum && Convert.ToInt64(value) == 0,
    };
}
