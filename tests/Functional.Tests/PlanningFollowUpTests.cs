using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.PlanningDemo;

namespace NamndFollowUp.Functional.Tests;

/// <summary>The seed's Bilaga 1 and 2 loaded through the services' APIs, read back, rendered, and bad input refused.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class PlanningFollowUpTests(ServiceHosts suite)
{
    // Bilaga 1's assignments in the seed's order.
    private static readonly int[] SeedAssignments = [1, 3, 4, 8, 12, 15, 20, 21, 26, 27, 29, 30, 32, 33, 35];

    private PlanningService.PlanningServiceClient Planning => new(suite.Grpc);

    private Task<FollowUp> GetFollowUp(string municipality, string committee) =>
        Planning.GetFollowUpAsync(new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto }).ResponseAsync;

    [Fact]
    public async Task The_seeds_Bilaga_1_loads_through_the_API_and_reads_back_with_its_counts_statuses_assessments_and_texts()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        await LoadAsync(suite.Rest, municipality, committee);

        var f = await GetFollowUp(municipality, committee);

        Assert.Equal([1, 2, 3, 4], f.FocusGoals.Select(g => g.Number));
        Assert.Equal("Uppsala ska säkra en stark ekonomi och värna välfärden", f.FocusGoals[0].Title);
        Assert.Equal("Uppsala ska bli tryggare med jämlika livsvillkor", f.FocusGoals[3].Title);
        // Fokusmål 1 "bedöms delvis leda till", the other three "bedöms leda till".
        Assert.Equal([Assessment.PartlyLeadsTo, Assessment.LeadsTo, Assessment.LeadsTo, Assessment.LeadsTo], f.FocusGoals.Select(g => g.Assessment));
        Assert.StartsWith("Socialnämnden redovisar ett negativt resultat om -23,5 miljoner kronor.", f.FocusGoals[0].AssessmentText);

        Assert.Equal(SeedAssignments, f.Assignments.Select(a => a.Number));
        // Twelve say "Klar", 32, 33 and 35 say "Färdig": one status, done.
        Assert.All(f.Assignments, a => Assert.Equal(AssignmentStatus.Done, a.Status));
        Assert.Equal(["Klar", "Klar", "Klar", "Klar", "Klar", "Klar", "Klar", "Klar", "Klar", "Klar", "Klar", "Klar", "Färdig", "Färdig", "Färdig"], f.Assignments.Select(a => a.StatusWord));
        Assert.Equal(new[] { 1, 3, 2, 1, 2, 1, 1, 1, 6, 2, 1, 2, 2, 2, 2 }, f.Assignments.Select(a => a.Actions.Count));
        var a29 = f.Assignments.Single(a => a.Number == 29);
        Assert.Equal("Utreda möjligheterna att erbjuda kvinnor i skyddat boende en trygg bostadssituation.", a29.Text);
        Assert.Equal("Utred i samverkan med kommunstyrelsen möjligheterna att erbjuda kvinnor i skyddat boende en trygg bostadssituation.", Assert.Single(a29.Actions));
        Assert.StartsWith("Utredningen är färdigställd med beslut i nämndsammanträde i december.", a29.Comment);
        Assert.StartsWith("Samverkan med har fortgått inom etablerade forum.", f.Assignments.Single(a => a.Number == 32).Comment);
        var a1 = f.Assignments[0];
        Assert.Equal("1. Utvecklingsarbete via det digitaliseringsteam som inrättats 2023.\n2. Ersättningsscanning och översyn av informationshanteringsplan.", a1.StructuredReport.Delivery);
        Assert.StartsWith("1. Bland annat andelen ansökningar och orosanmälningar som inkommer via e-tjänst.", a1.StructuredReport.HowMeasured);

        Assert.Equal(2, f.CommitteeGoals.Count);
        Assert.Equal("Kommunkoncernen ska ha en hållbar och hälsofrämjande arbetsmiljö", f.CommitteeGoals[0].Text);
        Assert.Equal(["Se uppdrag 4"], f.CommitteeGoals[0].Actions);
        Assert.Equal("Nämnden ska ha en budget i balans och en långsiktigt hållbar ekonomi", f.CommitteeGoals[1].Text);
        Assert.Equal(3, f.CommitteeGoals[1].Actions.Count);
        Assert.All(f.CommitteeGoals, g => Assert.Equal(1, g.FocusGoalNumber));

        Assert.Equal([DecidingBody.Ks, DecidingBody.Ks, DecidingBody.Kf], f.AdditionalAssignments.Select(a => a.DecidedBy));
        Assert.EndsWith("med anledningen av kriget i Ukraina.", f.AdditionalAssignments[1].DecisionText);

        Assert.Equal([1, 2, 3], f.SpecialReporting.Select(q => q.QuestionNumber));
        Assert.All(f.SpecialReporting, q => Assert.False(string.IsNullOrWhiteSpace(q.Answer)));
        Assert.StartsWith("Har ni ändamålsenliga arbetssätt, systemstöd och rutiner för synpunktshantering?", f.SpecialReporting[0].Question);

        Assert.Equal(6, f.Analysis.Count(s => s.Kind == AnalysisSectionKind.ImportantEvent));
        Assert.Equal([1, 2, 3, 4], f.Analysis.Where(s => s.Kind == AnalysisSectionKind.GoalFulfilment && s.FocusGoalNumber > 0).Select(s => s.FocusGoalNumber));
        Assert.Equal(7, f.Analysis.Count(s => s.Kind == AnalysisSectionKind.FutureChallenge));
        Assert.Equal("Ny lag om placering av barn i skyddat boende (LSB)", f.Analysis[0].Heading);

        Assert.Equal("Magnus Tibbing", f.PreparedBy);
        Assert.Equal("2025-02-07", f.DocumentDate);
        Assert.Equal(ReportStatus.Draft, f.State.Status);

        // The older RPC sees the same statuses.
        var statuses = await Planning.ListAssignmentStatusesAsync(new ListAssignmentStatusesRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto });
        Assert.Equal(SeedAssignments, statuses.Statuses.Select(s => s.AssignmentNumber));
    }

    [Fact]
    public async Task The_rendered_Bilaga_1_has_every_assignment_with_its_status_and_actions_in_the_seeds_order_and_the_case_number_once_adopted()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        await LoadAsync(suite.Rest, municipality, committee);
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "report:adopt"),
            new JsonObject { ["period"] = FullYear2024.DeepClone(), ["caseNumber"] = "SCN-2025-00043", ["decisionDate"] = new JsonObject { ["year"] = 2025, ["month"] = 2, ["day"] = 7 } });

        var response = await suite.Rest.GetAsync(PlanningCommitteePath(municipality, committee, "follow-up/document?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);

        Assert.Contains("Bilaga 1 – Uppföljning av verksamhetsplan 2024", html);
        Assert.Contains("Diarienummer: SCN-2025-00043", html);
        Assert.Contains("Handläggare: Magnus Tibbing", html);
        Assert.Contains("<th>Uppdrag</th><th>Status</th><th>Åtgärder</th><th>Kommentar</th>", html);

        var demo = Read()["followUp"]!["assignments"]!.AsArray();
        var position = -1;
        foreach (var number in SeedAssignments)
        {
            var start = html.IndexOf($"<tr class=\"assignment\" data-number=\"{number}\">", StringComparison.Ordinal);
            Assert.True(start > position, $"assignment {number} is missing or out of the seed's order");
            var row = html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
            // The committee's own word: "Färdig" for 32, 33 and 35, "Klar" for the others, as the seed prints them.
            Assert.Contains($"<td>{(number is 32 or 33 or 35 ? "Färdig" : "Klar")}</td>", row);
            foreach (var action in demo.Single(a => (int)a!["number"]! == number)!["actions"]!.AsArray())
            {
                Assert.Contains($"<li>{Html((string)action!)}</li>", row);
            }
            position = start;
        }
        // Fokusmål 1..4 in order, committee goals inside focus goal 1's table, then additional assignments and special reporting.
        var goals = Enumerable.Range(1, 4).Select(n => html.IndexOf($"<h2>Fokusmål {n}</h2>", StringComparison.Ordinal)).ToList();
        Assert.Equal(goals.Order(), goals);
        Assert.All(goals, g => Assert.True(g >= 0));
        var committeeGoal = html.IndexOf("Nämndmål: Kommunkoncernen ska ha en hållbar och hälsofrämjande arbetsmiljö", StringComparison.Ordinal);
        Assert.InRange(committeeGoal, goals[0], goals[1]);
        Assert.True(html.IndexOf("<h3>Tillkommande uppdrag</h3>", StringComparison.Ordinal) > goals[3]);
        Assert.Equal(3, CountOf(html, "<tr class=\"additional-assignment\">"));
        Assert.Equal(3, CountOf(html, "<tr class=\"special-reporting-question\">"));
        Assert.Contains("KF-BESLUT", html);
    }

    [Fact]
    public async Task Bilaga_1_prints_as_pdf_through_headless_chromium()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        await LoadAsync(suite.Rest, municipality, committee);

        var response = await suite.Rest.GetAsync(PlanningCommitteePath(municipality, committee, "follow-up/document.pdf?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = NamndFollowUp.TestSupport.PdfDocument.Read(bytes, Path.Combine(AppContext.BaseDirectory, "documents"), "bilaga1-gateway");
        Assert.True(pdf.IsA4, $"{pdf.Width} x {pdf.Height}");
        Assert.InRange(pdf.Pages, 9, 15);
        Assert.Empty(pdf.WordsOutside(51));
        Assert.Contains($"Sida 1 ({pdf.Pages})", pdf.Text);
    }

    [Fact]
    public async Task Bilaga_2_with_every_section_of_the_seed_renders_as_html_and_prints_as_pdf()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        await LoadAsync(suite.Rest, municipality, committee);
        const string query = "?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR&document=FOLLOW_UP_DOCUMENT_BILAGA_2";

        var html = await (await suite.Rest.GetAsync(PlanningCommitteePath(municipality, committee, "follow-up/document" + query))).Content.ReadAsStringAsync();
        Assert.Contains("<h2>Utvecklingen av grunduppdraget över tid</h2>", html);
        Assert.Contains("<h3>Målgrupper och volymer</h3>", html);
        Assert.Contains("<h4>Orosanmälningar inom barn- och ungdomsvården</h4>", html);
        Assert.Contains("<h2>Kostnadsutveckling</h2>", html);
        Assert.Contains("<h2>Uppföljning av privata utförare</h2>", html);
        Assert.Contains("Socialnämnden har under 2024 köpt vårdinsatser för 337 miljoner kronor", html);
        Assert.DoesNotContain("Uppdrag</th>", html);

        var response = await suite.Rest.GetAsync(PlanningCommitteePath(municipality, committee, "follow-up/document.pdf" + query));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(bytes));
        var pdf = NamndFollowUp.TestSupport.PdfDocument.Read(bytes, Path.Combine(AppContext.BaseDirectory, "documents"), "bilaga2-gateway");
        Assert.True(pdf.IsA4 && pdf.Height > pdf.Width, $"{pdf.Width} x {pdf.Height}");
        Assert.InRange(pdf.Pages, 4, 13);
        Assert.Empty(pdf.WordsOutside(51));
    }

    [Fact]
    public async Task The_seeds_tjansteskrivelse_loads_with_the_follow_up_reads_back_whole_and_renders_with_its_own_case_number()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        await LoadAsync(suite.Rest, municipality, committee);

        var memo = (await GetFollowUp(municipality, committee)).CoverMemo;
        Assert.Equal("Socialnämndens årsbokslut 2024", memo.Title);
        Assert.Equal("SCN-2025-00042", memo.CaseNumber);
        Assert.Equal(3, memo.Proposals.Count);
        Assert.Equal(["Ärendet", "Beredning", "Föredragning", "Uppföljning av verksamhetsplan för verksamhetsåret 2024",
            "Socialnämndens sammanställda analys", "Barnkonsekvensanalys", "Ekonomiska konsekvenser"], memo.Sections.Select(s => s.Heading));
        Assert.StartsWith("Socialnämnden hade ett underskott på 24 miljoner kronor för helår 2024.", memo.Sections[2].Text);
        Assert.EndsWith("jämfört med vad som beräknades i prognosen.", memo.Sections[2].Text);
        Assert.Equal(5, memo.DecisionBasis.Count);

        const string query = "?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR&document=FOLLOW_UP_DOCUMENT_COVER_MEMO";
        var html = await (await suite.Rest.GetAsync(PlanningCommitteePath(municipality, committee, "follow-up/document" + query))).Content.ReadAsStringAsync();
        Assert.Contains("<h2>Förslag till beslut</h2>", html);
        Assert.Contains("<li>att godkänna ekonomiskt årsbokslut 2024,</li>", html);
        Assert.Contains("<span>SCN-2025-00042</span>", html);
        Assert.Contains("<li>Bilaga 4, Nyckeltal IFO</li>", html);
    }

    [Fact]
    public async Task A_tjansteskrivelse_with_a_malformed_case_number_or_an_empty_proposal_is_refused_whole_with_each_path()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        var (plan, round, followUp) = Parts(committee, "r1");
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), plan);
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "special-reporting-rounds"), round);
        followUp["coverMemo"]!["caseNumber"] = "nr 42";
        followUp["coverMemo"]!["proposals"]![1] = "  ";
        followUp["coverMemo"]!["sections"]![0]!["level"] = 7;

        var response = await suite.Rest.PostAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), followUp);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cover_memo.case_number", body);
        Assert.Contains("cover_memo.proposals[1]", body);
        Assert.Contains("cover_memo.sections[0].level", body);
        await AssertNothingStored(municipality, committee);
        Assert.Null((await GetFollowUp(municipality, committee)).CoverMemo);
    }

    [Fact]
    public async Task An_unknown_status_word_is_refused_with_the_items_path_and_nothing_is_stored()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        var (plan, round, followUp) = Parts(committee, "r1");
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), plan);
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "special-reporting-rounds"), round);
        followUp["assignments"]![2]!["status"] = "Nästan klar";

        var response = await suite.Rest.PostAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), followUp);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("assignments[2].status", body);
        Assert.Contains("Nästan klar", body);
        await AssertNothingStored(municipality, committee);
    }

    [Fact]
    public async Task An_assignment_number_that_does_not_exist_for_the_year_is_refused_in_an_import_and_as_a_single_status()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        var (plan, round, followUp) = Parts(committee, "r1");
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), plan);
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "special-reporting-rounds"), round);
        // Bilaga 1 has no assignment 2: the municipality's plan for 2024 does not either.
        followUp["assignments"]!.AsArray().Add(new JsonObject { ["number"] = 2, ["status"] = "Klar", ["comment"] = "x" });

        var import = await suite.Rest.PostAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), followUp);
        var importBody = await import.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("assignments[15].number", importBody);
        Assert.Contains("assignment 2 does not exist", importBody);

        var single = await Assert.ThrowsAsync<RpcException>(() => Planning.ReportAssignmentStatusAsync(new ReportAssignmentStatusRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto,
            AssignmentNumber = 2, Status = AssignmentStatus.Done,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, single.StatusCode);
        Assert.Contains("assignment 2 does not exist", single.Status.Detail);
        await AssertNothingStored(municipality, committee);
    }

    [Fact]
    public async Task An_adopted_follow_up_refuses_changes_until_a_correction_starts_the_next_version()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        await LoadAsync(suite.Rest, municipality, committee);
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "report:submit"), new JsonObject { ["period"] = FullYear2024.DeepClone() });
        var adopted = await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "report:adopt"),
            new JsonObject { ["period"] = FullYear2024.DeepClone(), ["caseNumber"] = "SCN-2025-00043", ["decisionDate"] = new JsonObject { ["year"] = 2025, ["month"] = 2, ["day"] = 7 } });
        Assert.Equal("REPORT_STATUS_ADOPTED", (string)adopted["state"]!["status"]!);

        var (_, _, changed) = Parts(committee, "2024-synpunktshantering");
        changed["assignments"]![0]!["comment"] = "Ändrad efter beslut.";
        changed["assessments"]![0]!["assessment"] = "leder till";
        var import = await suite.Rest.PostAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), changed);
        var importBody = await import.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("adopted", importBody);
        Assert.Contains("SCN-2025-00043", importBody);

        var single = await Assert.ThrowsAsync<RpcException>(() => Planning.ReportAssignmentStatusAsync(new ReportAssignmentStatusRequest
        {
            MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto,
            AssignmentNumber = 1, Status = AssignmentStatus.InProgress, Comment = "Ändrad efter beslut.",
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, single.StatusCode);

        var unchanged = await GetFollowUp(municipality, committee);
        Assert.Equal(AssignmentStatus.Done, unchanged.Assignments[0].Status);
        Assert.StartsWith("Nämnden för ett kontinuerligt arbete", unchanged.Assignments[0].Comment);
        Assert.Equal(Assessment.PartlyLeadsTo, unchanged.FocusGoals[0].Assessment);
        Assert.Equal("SCN-2025-00043", unchanged.State.CaseNumber);

        var correction = await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "report:correct"), new JsonObject { ["period"] = FullYear2024.DeepClone() });
        Assert.Equal(2, (int)correction["state"]!["version"]!);
        Assert.Equal("REPORT_STATUS_DRAFT", (string)correction["state"]!["status"]!);
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), changed);
        var corrected = await GetFollowUp(municipality, committee);
        Assert.Equal("Ändrad efter beslut.", corrected.Assignments[0].Comment);
        Assert.Equal(Assessment.LeadsTo, corrected.FocusGoals[0].Assessment);

        // Version 1 stays readable as it was adopted, through the API and in the database.
        var version1 = await Planning.GetFollowUpAsync(new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto, Version = 1 });
        Assert.StartsWith("Nämnden för ett kontinuerligt arbete", version1.Assignments[0].Comment);
        Assert.Equal(Assessment.PartlyLeadsTo, version1.FocusGoals[0].Assessment);
        Assert.Equal((ReportStatus.Adopted, 1, "SCN-2025-00043"), (version1.State.Status, version1.State.Version, version1.State.CaseNumber));
        var document1 = await suite.Rest.GetStringAsync(PlanningCommitteePath(municipality, committee, "follow-up/document?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR&version=1"));
        Assert.Contains("Diarienummer: SCN-2025-00043", document1);
        Assert.DoesNotContain("Ändrad efter beslut.", document1);

        await using var connection = new Npgsql.NpgsqlConnection(suite.ConnectionString("planning"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select \"Content\"::text from report_snapshots where \"ReportKey\" = @key and \"Version\" = 1 and \"Status\" = 'Adopted'", connection);
        command.Parameters.AddWithValue("key", $"{municipality}/{committee}/2024/14");
        var snapshot = (string?)await command.ExecuteScalarAsync();
        Assert.NotNull(snapshot);
        Assert.Contains("Nämnden för ett kontinuerligt arbete", snapshot);
        Assert.DoesNotContain("Ändrad efter beslut.", snapshot);

        // Every change announced through the outbox, the refused ones not: by hand, 4 assessments and 15
        // statuses from the first import, then the correction's changed assessment of focus goal 1 and
        // comment of assignment 1; the workflow's three steps; the round and its 3 answers.
        var events = new Dictionary<string, int>();
        await using (var outbox = new Npgsql.NpgsqlCommand(
            "select \"MessageType\" from outbox_messages where \"Payload\"->>'municipalityCode' = @m", connection))
        {
            outbox.Parameters.AddWithValue("m", municipality);
            await using var reader = await outbox.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var type = reader.GetString(0).Split(',')[0].Split('.')[^1];
                events[type] = events.GetValueOrDefault(type) + 1;
            }
        }
        Assert.Equal(new Dictionary<string, int>
        {
            ["FocusGoalAssessmentChanged"] = 5,
            ["AssignmentStatusReported"] = 16,
            // Submitted, adopted, corrected: the lifecycle's one event, as every service publishes it.
            ["ReportStatusChanged"] = 3,
            ["SpecialReportingRoundOpened"] = 1,
            ["SpecialReportingAnswered"] = 3,
        }, events);

        // Who changed the follow-up, and how: its creation, submit, adopt, correct and the second import.
        await using var audit = new Npgsql.NpgsqlCommand(
            "select \"Action\", \"Changes\"::text from audit_entries where \"Entity\" = 'CommitteeFollowUp' and \"MunicipalityCode\" = @m order by \"Id\"", connection);
        audit.Parameters.AddWithValue("m", municipality);
        var entries = new List<(string Action, string Changes)>();
        await using (var reader = await audit.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) entries.Add((reader.GetString(0), reader.GetString(1)));
        }
        Assert.Equal(["Added", "Modified", "Modified", "Modified", "Modified"], entries.Select(e => e.Action));
        Assert.Contains("SCN-2025-00043", entries[2].Changes);
        Assert.Contains("\"Content\"", entries[4].Changes);
        await using var statusAudit = new Npgsql.NpgsqlCommand(
            "select count(*) from audit_entries where \"Entity\" = 'AssignmentStatusReport' and \"MunicipalityCode\" = @m and \"Changes\"::text like '%Ändrad efter beslut.%'", connection);
        statusAudit.Parameters.AddWithValue("m", municipality);
        Assert.Equal(1L, (long)(await statusAudit.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_follow_up_returned_for_changes_can_be_changed_and_submitted_again()
    {
        var (municipality, committee) = (NewMunicipality(), NewCommittee("PL"));
        await LoadAsync(suite.Rest, municipality, committee);
        var period = new JsonObject { ["period"] = FullYear2024.DeepClone() };
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "report:submit"), period.DeepClone());
        var reopened = await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "report:reopen"), period.DeepClone());
        Assert.Equal("REPORT_STATUS_DRAFT", (string)reopened["state"]!["status"]!);

        var (_, _, changed) = Parts(committee, "2024-synpunktshantering");
        changed["assignments"]![1]!["status"] = "Pågående";
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "follow-up:import"), changed);
        var submitted = await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, committee, "report:submit"), period.DeepClone());
        Assert.Equal("REPORT_STATUS_SUBMITTED", (string)submitted["state"]!["status"]!);

        // The version as last submitted is the one kept.
        var version1 = await Planning.GetFollowUpAsync(new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto, Version = 1 });
        Assert.Equal(AssignmentStatus.InProgress, version1.Assignments.Single(a => a.Number == 3).Status);
        Assert.Equal(ReportStatus.Submitted, version1.State.Status);
    }

    private async Task AssertNothingStored(string municipality, string committee)
    {
        var f = await GetFollowUp(municipality, committee);
        Assert.All(f.Assignments, a => Assert.Equal(AssignmentStatus.Unspecified, a.Status));
        Assert.All(f.Assignments, a => Assert.Empty(a.Actions));
        Assert.All(f.FocusGoals, g => Assert.Equal(Assessment.Unspecified, g.Assessment));
        Assert.Empty(f.CommitteeGoals);
        Assert.Empty(f.AdditionalAssignments);
        Assert.Empty(f.Analysis);
        Assert.All(f.SpecialReporting, q => Assert.Equal("", q.Answer));
        var statuses = await Planning.ListAssignmentStatusesAsync(new ListAssignmentStatusesRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto });
        Assert.Empty(statuses.Statuses);
    }

    private static string Html(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
