using System.Globalization;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using Narrative = NamndFollowUp.Planning.Domain.Narrative;
using Proto = NamndFollowUp.Contracts.Planning.V1;

namespace NamndFollowUp.Planning;

/// <summary>
/// The narrative-versus-figures check of one follow-up: its texts (the tjänsteskrivelse, Bilaga 1 and 2 from here,
/// Bilaga 3's from economy) against economy's tables, asked with a bounded wait. When economy does not answer, every
/// amount is unverifiable and the answer says why.
/// </summary>
public sealed class NarrativeReview(EconomyService.EconomyServiceClient economy, ILogger<NarrativeReview> logger)
{
    /// <summary>The longest the check waits for economy's four tables, retries included.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public async Task<Proto.NarrativeCheck> CheckAsync(FollowUp f, CancellationToken ct)
    {
        var texts = PlanningTexts(f).ToList();
        var figures = new List<Narrative.Figure>();
        var answer = new Proto.NarrativeCheck { FiguresAvailable = true };
        try
        {
            var deadline = DateTime.UtcNow + Budget;
            var tables = new GetTablesRequest { MunicipalityCode = f.MunicipalityCode, CommitteeCode = f.CommitteeCode, Period = f.Period };
            // The four tables are independent: asked at once, the check waits for the slowest, not for their sum.
            var summaryCall = economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = f.MunicipalityCode, CommitteeCode = f.CommitteeCode, Period = f.Period }, deadline: deadline, cancellationToken: ct).ResponseAsync;
            var detailCall = economy.GetResultPerActivityAsync(tables, deadline: deadline, cancellationToken: ct).ResponseAsync;
            var interventionsCall = economy.GetInterventionCostsAsync(tables, deadline: deadline, cancellationToken: ct).ResponseAsync;
            var investmentsCall = economy.GetInvestmentsAsync(tables, deadline: deadline, cancellationToken: ct).ResponseAsync;
            await Task.WhenAll(summaryCall, detailCall, interventionsCall, investmentsCall);
            var (summary, detail, interventions, investments) = (summaryCall.Result, detailCall.Result, interventionsCall.Result, investmentsCall.Result);
            figures.AddRange(EconomyFigures.From(f.Period.Year, summary, detail, interventions, investments));
            texts.AddRange(EconomyFigures.Texts(summary, detail, interventions, investments));
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Narrative check of {Municipality}/{Committee} without economy's figures: {Status}", f.MunicipalityCode, f.CommitteeCode, e.StatusCode);
            answer.FiguresAvailable = false;
            answer.UnavailableReason = $"the economy service did not answer ({e.StatusCode}): no amount could be verified";
        }
        foreach (var finding in Narrative.NarrativeCheck.Run(texts, figures))
        {
            (finding.Kind == Narrative.FindingKind.Confirmed ? answer.Confirmed : answer.Findings).Add(ToProto(finding));
        }
        return answer;
    }

    /// <summary>One line per mismatch or ambiguous reference, as submit warns with them.</summary>
    public static IEnumerable<string> Warnings(Proto.NarrativeCheck check) =>
        check.Findings.Where(x => x.Kind is NarrativeFindingKind.Mismatch or NarrativeFindingKind.Ambiguous)
            .Select(x => $"{x.Document}, {x.Section}: \"{x.Sentence}\" – {x.NumberText} mot {x.Figure} {Mnkr(x.FigureValue)}" +
                (x.Difference is { } d ? $" (skillnad {Mnkr(d)})" : "") + (x.Note.Length > 0 ? $"; {x.Note}" : ""))
            .Concat(check.FiguresAvailable ? [] : [check.UnavailableReason]);

    private static string Mnkr(Contracts.Common.V1.Decimal d)
    {
        var value = decimal.Parse(d.Value, CultureInfo.InvariantCulture);
        return Math.Abs(value) < 10m ? value.ToString("0.####", CultureInfo.InvariantCulture) : $"{value / 1_000_000m:0.0##} mnkr";
    }

    private static IEnumerable<Narrative.NarrativeText> PlanningTexts(FollowUp f)
    {
        if (f.CoverMemo is { } memo)
        {
            foreach (var s in memo.Sections) yield return new("Tjänsteskrivelse", s.Heading, s.Text);
        }
        foreach (var g in f.FocusGoals.Where(g => g.AssessmentText.Length > 0)) yield return new("Bilaga 1", $"Fokusmål {g.Number}", g.AssessmentText);
        foreach (var a in f.Assignments.Where(a => a.Comment.Length > 0)) yield return new("Bilaga 1", $"Uppdrag {a.Number}", a.Comment);
        foreach (var g in f.CommitteeGoals.Where(g => g.Comment.Length > 0)) yield return new("Bilaga 1", $"Nämndmål: {g.Text}", g.Comment);
        foreach (var a in f.AdditionalAssignments.Where(a => a.Report.Length > 0)) yield return new("Bilaga 1", $"Tillkommande uppdrag ({(a.DecidedBy == DecidingBody.Kf ? "KF" : "KS")})", a.Report);
        foreach (var q in f.SpecialReporting.Where(q => q.Answer.Length > 0)) yield return new("Bilaga 1", $"Särskild rapportering, fråga {q.QuestionNumber}", q.Answer);
        foreach (var s in f.Analysis) yield return new("Bilaga 2", s.Heading, s.Text);
    }

    private static NarrativeFinding ToProto(Narrative.NarrativeFinding x)
    {
        var proto = new NarrativeFinding
        {
            Kind = (NarrativeFindingKind)x.Kind,
            Document = x.Document,
            Section = x.Section,
            Sentence = x.Sentence,
            NumberText = x.NumberText,
            Stated = x.Stated.ToProto(),
            Figure = x.Figure?.Label ?? "",
            FigureValue = x.Figure?.Value.ToProto(),
            Difference = x.Difference?.ToProto(),
            Note = x.Note,
        };
        return proto;
    }
}
