using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning;

/// <summary>
/// The verksamhetsplan follow-up (Bilaga 1) in the shared lifecycle: it exists once imported, and each
/// submitted or adopted version keeps the whole follow-up as the API gives it, whatever corrections (or
/// later changes of the municipality's plan) follow.
/// </summary>
public sealed class PlanningReportPart(PlanningDbContext db, IServiceProvider services) : ReportPart
{
    public override async Task<ReportLifecycle?> FindAsync(string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        (await FollowUps(db.FollowUps.AsNoTracking(), municipality, committee, period).SingleOrDefaultAsync(ct))?.Lifecycle;

    public override async Task<IReadOnlyDictionary<string, ReportLifecycle>> FindAllAsync(string municipality, PeriodKey period, CancellationToken ct) =>
        await db.FollowUps.AsNoTracking().ForMunicipalityPeriod(municipality, period)
            .Select(r => new { r.CommitteeCode, r.Lifecycle }).ToDictionaryAsync(r => r.CommitteeCode, r => r.Lifecycle, StringComparer.Ordinal, ct);

    public override async Task<ICommitteeReport> ReportToChangeAsync(string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        await FollowUps(db.FollowUps, municipality, committee, period).SingleOrDefaultAsync(ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"committee {committee} has no follow-up for {period}; import it first"));

    public override async Task<object> SnapshotAsync(ICommitteeReport report, CancellationToken ct)
    {
        var followUp = (Domain.CommitteeFollowUp)report;
        var view = await ActivatorUtilities.GetServiceOrCreateInstance<PlanningGrpcService>(services)
            .LoadFollowUp(followUp.MunicipalityCode, followUp.CommitteeCode, new PeriodKey(followUp.Year, followUp.PeriodPoint), withEconomicResult: false, ct);
        // The state as it is about to be saved (the loaded row is the one before this request's change).
        view.State = followUp.Lifecycle.ToProto();
        // In the contract's JSON, so that GetFollowUp with a version reads it back as the same message.
        using var json = JsonDocument.Parse(JsonFormatter.Default.Format(view));
        return json.RootElement.Clone();
    }

    /// <summary>On submit, the texts' numbers against economy's figures: each mismatch is a warning, never a refusal.</summary>
    public override async Task<IReadOnlyList<string>> WarningsAsync(ICommitteeReport report, ReportAction action, CancellationToken ct)
    {
        if (action != ReportAction.Submit)
        {
            return [];
        }
        var followUp = (Domain.CommitteeFollowUp)report;
        var view = await ActivatorUtilities.GetServiceOrCreateInstance<PlanningGrpcService>(services)
            .LoadFollowUp(followUp.MunicipalityCode, followUp.CommitteeCode, new PeriodKey(followUp.Year, followUp.PeriodPoint), withEconomicResult: false, ct);
        var check = await services.GetRequiredService<NarrativeReview>().CheckAsync(view, ct);
        return [.. NarrativeReview.Warnings(check)];
    }

    private static IQueryable<Domain.CommitteeFollowUp> FollowUps(IQueryable<Domain.CommitteeFollowUp> followUps, string municipality, string committee, PeriodKey period) =>
        followUps.ForPeriod(municipality, committee, period);
}
