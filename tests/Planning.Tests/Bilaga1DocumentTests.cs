using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Planning.Documents;

namespace NamndFollowUp.Planning.Tests;

public sealed class Bilaga1DocumentTests
{
    private static FollowUp FollowUp()
    {
        var f = new FollowUp
        {
            MunicipalityCode = "0380", CommitteeCode = "SCN",
            Period = new Contracts.Common.V1.Period { Year = 2024, Point = Contracts.Common.V1.PeriodPoint.FullYear },
            CommitteeName = "Socialnämnden", DepartmentName = "Socialförvaltningen", PreparedBy = "Magnus Tibbing", DocumentDate = "2025-02-07",
            AsOfLabel = "Per december 2024",
            State = new Contracts.Common.V1.ReportState { Status = Contracts.Common.V1.ReportStatus.Adopted, Version = 1, CaseNumber = "SCN-2025-00043", DecisionDate = new Google.Type.Date { Year = 2025, Month = 2, Day = 7 } },
            FocusGoals =
            {
                new FocusGoalFollowUp { Number = 1, Title = "Uppsala ska säkra en stark ekonomi och värna välfärden", Assessment = Assessment.PartlyLeadsTo,
                    AssessmentText = "Socialnämnden redovisar ett negativt resultat.", EconomicResult = new EconomicResult { Available = true, Result = new() { Value = "-23500000" } } },
                new FocusGoalFollowUp { Number = 2, Title = "Uppsala ska ha ett välmående näringsliv och skapa fler jobb", Assessment = Assessment.LeadsTo },
            },
            CommitteeGoals = { new CommitteeGoal { Text = "Nämnden ska ha en budget i balans", FocusGoalNumber = 1, Status = AssignmentStatus.Done, Actions = { "Minska vårddygnen" } } },
            AdditionalAssignments = { new AdditionalAssignment { DecidedBy = DecidingBody.Kf, DecisionText = "Ekonomi i balans", Report = "Handlingsplan." } },
            SpecialReporting = { new SpecialReportingQuestionAnswer { RoundCode = "r", QuestionNumber = 1, Question = "Fråga?", Answer = "" } },
        };
        // Given out of order on purpose: the document orders by number within each focus goal.
        foreach (var (number, goal) in new[] { (12, 2), (4, 1), (1, 1), (15, 2), (3, 1) })
        {
            f.Assignments.Add(new AssignmentFollowUp { Number = number, FocusGoalNumber = goal, Text = $"Uppdrag {number} text", Status = AssignmentStatus.Done, Actions = { $"Åtgärd {number}a", $"Åtgärd {number}b" } });
        }
        return f;
    }

    [Fact]
    public void Every_assignment_appears_in_its_focus_goal_by_number_with_status_and_actions()
    {
        var html = Bilaga1Document.Render(FollowUp());

        var positions = new[] { 1, 3, 4, 12, 15 }.Select(n => html.IndexOf($"data-number=\"{n}\"", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.True(positions[2] < html.IndexOf("<h2>Fokusmål 2</h2>", StringComparison.Ordinal));
        Assert.True(positions[3] > html.IndexOf("<h2>Fokusmål 2</h2>", StringComparison.Ordinal));
        Assert.Contains("<td>1. Uppdrag 1 text</td><td>Klar</td><td><ul class=\"actions\"><li>Åtgärd 1a</li><li>Åtgärd 1b</li></ul>", html);
        // The committee goal stands after the assignments of its focus goal, before focus goal 2.
        var goal = html.IndexOf("Nämndmål: Nämnden ska ha en budget i balans", StringComparison.Ordinal);
        Assert.InRange(goal, positions[2], html.IndexOf("<h2>Fokusmål 2</h2>", StringComparison.Ordinal));
    }

    [Fact]
    public void Headings_dates_case_number_assessment_and_economic_result_come_from_the_data()
    {
        var html = Bilaga1Document.Render(FollowUp());
        Assert.Contains("Bilaga 1 – Uppföljning av verksamhetsplan 2024", html);
        Assert.Contains("Datum: 2025-02-07", html);
        Assert.Contains("Diarienummer: SCN-2025-00043", html);
        Assert.Contains("Nämndens verksamhet bedöms delvis leda till de resultat den vill se inom målet.", html);
        // A real minus sign, as a typeset report writes it.
        Assert.Contains("Nämndens resultat 2024: \u221223,5 miljoner kronor.", html);
        Assert.Contains("KF-BESLUT", html);
        Assert.Contains("Per december 2024", html);
        Assert.Contains("Ej besvarad.", html);
    }

    [Fact]
    public void A_missing_economic_result_is_shown_as_missing()
    {
        var f = FollowUp();
        f.FocusGoals[0].EconomicResult = new EconomicResult { Available = false, UnavailableReason = "the economy service did not answer (Unavailable)" };
        Assert.Contains("Nämndens resultat saknas: the economy service did not answer (Unavailable).", Bilaga1Document.Render(f));
    }

    [Fact]
    public void Every_text_is_html_encoded()
    {
        var f = FollowUp();
        f.Assignments[0].Comment = "<script>alert('x')</script> & \"citat\"";
        f.CommitteeName = "<b>Nämnd</b>";
        var html = Bilaga1Document.Render(f);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>Nämnd</b>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;citat&quot;", html);
    }

    [Fact]
    public void The_seeds_Bilaga_1_shows_each_status_in_the_committees_own_word_Fardig_where_it_wrote_Fardig()
    {
        var html = Bilaga1Document.Render(SeedFollowUp.Create());

        foreach (var number in new[] { 1, 3, 4, 8, 12, 15, 20, 21, 26, 27, 29, 30, 32, 33, 35 })
        {
            var start = html.IndexOf($"<tr class=\"assignment\" data-number=\"{number}\">", StringComparison.Ordinal);
            var row = html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
            // The seed: "Färdig" for 32, 33 and 35, "Klar" for the others; both are Done.
            Assert.Contains($"<td>{(number is 32 or 33 or 35 ? "Färdig" : "Klar")}</td>", row);
        }
    }

    [Fact]
    public void A_committees_word_that_no_longer_reads_as_the_stored_status_gives_way_to_the_status_own_word()
    {
        Assert.Equal("Färdig", NamndFollowUp.Planning.Documents.FollowUpDocumentModel.StatusWord(Contracts.Planning.V1.AssignmentStatus.Done, "Färdig"));
        Assert.Equal("Pågående", NamndFollowUp.Planning.Documents.FollowUpDocumentModel.StatusWord(Contracts.Planning.V1.AssignmentStatus.InProgress, "Färdig"));
        Assert.Equal("Klar", NamndFollowUp.Planning.Documents.FollowUpDocumentModel.StatusWord(Contracts.Planning.V1.AssignmentStatus.Done));
    }
}
