using System.Text.Json;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// The key-figure report (Bilaga 4 with the volume statistics) in the shared lifecycle: started on its
/// first transition; its values are brought up to date before every transition, so the adopted values are
/// those the sheet shows, and each submitted or adopted version keeps the sheet as it stood.
/// </summary>
public sealed class KeyFiguresReportPart(KeyFiguresDbContext db, Recomputation recomputation, IServiceProvider services) : ReportPart
{
    public override async Task<ReportLifecycle?> FindAsync(string municipality, string committee, PeriodKey period, CancellationToken ct) =>
        (await db.Reports.AsNoTracking().SingleOrDefaultAsync(r =>
            r.MunicipalityCode == municipality && r.CommitteeCode == committee && r.Year == period.Year && r.PeriodPoint == period.Point, ct))?.Lifecycle;

    public override async Task<IReadOnlyDictionary<string, ReportLifecycle>> FindAllAsync(string municipality, PeriodKey period, CancellationToken ct) =>
        await db.Reports.AsNoTracking().ForMunicipalityPeriod(municipality, period)
            .Select(r => new { r.CommitteeCode, r.Lifecycle }).ToDictionaryAsync(r => r.CommitteeCode, r => r.Lifecycle, StringComparer.Ordinal, ct);

    public override async Task<ICommitteeReport> ReportToChangeAsync(string municipality, string committee, PeriodKey period, CancellationToken ct)
    {
        var report = await Sheets.FindReport(municipality, committee, period, ct);
        if (report is null)
        {
            report = Domain.KeyFigureReport.Create(municipality, committee, period.Year, period.Point);
            db.Reports.Add(report);
        }
        return report;
    }

    public override async Task BeforeAsync(ICommitteeReport report, ReportAction action, CancellationToken ct)
    {
        var r = (Domain.KeyFigureReport)report;
        var definitions = await recomputation.DefinitionsAsync(r.MunicipalityCode, ct);
        var values = await recomputation.RecomputeAsync(r.MunicipalityCode, r.CommitteeCode, r.Year, r.PeriodPoint, definitions, ct);
        if (action == ReportAction.Adopt)
        {
            // Stays unsaved if the adoption is refused: the whole transition is one transaction.
            foreach (var value in values)
            {
                value.Stored.MarkAdopted();
            }
        }
    }

    public override async Task<object> SnapshotAsync(ICommitteeReport report, CancellationToken ct)
    {
        var r = (Domain.KeyFigureReport)report;
        var sheet = await Sheets.Sheet(r.MunicipalityCode, r.CommitteeCode, new PeriodKey(r.Year, r.PeriodPoint), ct, r);
        // In the contract's JSON (enums by name, amounts {"value": "…"}), so that a reader parses a version as the
        // KeyFigureSheet it was: every value with its inputs, as economy's rows and the entered volumes stood.
        using var json = JsonDocument.Parse(JsonFormatter.Default.Format(sheet));
        return json.RootElement.Clone();
    }

    /// <summary>Economy's events recompute the same stored values concurrently; on a conflict the transition runs again.</summary>
    public override Task<T> UnitOfWorkAsync<T>(Func<Task<T>> work, CancellationToken ct) => db.RetryOrAbortAsync(work, ct);

    private KeyFiguresGrpcService Sheets => ActivatorUtilities.GetServiceOrCreateInstance<KeyFiguresGrpcService>(services);
}
