using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Economy.Infrastructure;

public sealed class EconomyDbContext(DbContextOptions<EconomyDbContext> options) : DbContext(options), IOutboxContext, IAuditContext
{
    public DbSet<ActivityFigure> ActivityFigures => Set<ActivityFigure>();
    public DbSet<Allocation> Allocations => Set<Allocation>();
    public DbSet<ActivityCodeDefinition> ActivityCodes => Set<ActivityCodeDefinition>();
    public DbSet<OrganisationalUnit> Units => Set<OrganisationalUnit>();
    public DbSet<LayoutArea> LayoutAreas => Set<LayoutArea>();
    public DbSet<EconomyReport> EconomyReports => Set<EconomyReport>();
    public DbSet<Investment> Investments => Set<Investment>();
    public DbSet<BudgetAdjustment> BudgetAdjustments => Set<BudgetAdjustment>();
    public DbSet<SavingsMeasure> SavingsMeasures => Set<SavingsMeasure>();
    public DbSet<Narrative> Narratives => Set<Narrative>();
    public DbSet<SavingsDecision> SavingsDecisions => Set<SavingsDecision>();
    public DbSet<StatedDeviation> StatedDeviations => Set<StatedDeviation>();
    public DbSet<DeviationItem> DeviationItems => Set<DeviationItem>();
    public DbSet<MunicipalityName> MunicipalityNames => Set<MunicipalityName>();
    public DbSet<CommitteeName> CommitteeNames => Set<CommitteeName>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ReportSnapshot> ReportSnapshots => Set<ReportSnapshot>();
    public DbSet<StoredLedgerMapping> LedgerMappings => Set<StoredLedgerMapping>();
    public DbSet<ResultThresholds> ResultThresholds => Set<ResultThresholds>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    /// <summary>Amounts and the scope's code widths, as every service declares them (ModelConventions).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.AddSuiteConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityFigure>(e =>
        {
            e.ToTable("activity_figures");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.ActivityCode, x.UnitCode }).IsUnique();
            e.Property(x => x.ActivityCode).HasMaxLength(32);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<Allocation>(e =>
        {
            e.ToTable("allocations");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.AreaName }).IsUnique();
            e.Property(x => x.AreaName).HasMaxLength(200);
        });
        modelBuilder.Entity<StoredLedgerMapping>(e =>
        {
            e.ToTable("ledger_mappings");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode }).IsUnique();
            e.Property(x => x.Definition).HasColumnType("text"); // text, not jsonb: read back byte for byte, so an unchanged mapping is seen as unchanged
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<ResultThresholds>(e =>
        {
            e.ToTable("result_thresholds");
            e.HasIndex(x => x.MunicipalityCode).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<ImportRun>(e =>
        {
            // Written by ImportRunRecorder's SQL on connections of its own (the column names are its contract);
            // read here by GetImportProgress on any replica.
            e.ToTable("import_runs");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Phase).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Format).HasMaxLength(8);
            e.Property(x => x.Actor).HasColumnType("text");
            e.Property(x => x.FileName).HasColumnType("text");
            e.Property(x => x.Result).HasColumnType("text");
            e.Property(x => x.Problems).HasColumnType("text");
            e.Ignore(x => x.ProblemLines);
        });
        modelBuilder.Entity<ActivityCodeDefinition>(e =>
        {
            e.ToTable("activity_codes");
            e.HasIndex(x => new { x.MunicipalityCode, x.Code }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.ScbCode).HasMaxLength(32);
        });
        modelBuilder.Entity<OrganisationalUnit>(e =>
        {
            e.ToTable("organisational_units");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Code }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.ParentCode).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        });
        modelBuilder.Entity<LayoutArea>(e =>
        {
            e.ToTable("layout_areas");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Layout, x.AreaName }).IsUnique();
            e.Property(x => x.Layout).HasMaxLength(32);
            e.Property(x => x.AreaName).HasMaxLength(200);
        });
        modelBuilder.Entity<EconomyReport>(e =>
        {
            e.ToTable("economy_reports");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint }).IsUnique();
            e.Property(x => x.ForecastName).HasMaxLength(200);
            e.Property(x => x.PreparedBy).HasMaxLength(ReportDetails.PreparedByMaxLength);
            e.Ignore(x => x.Key);
            e.OwnsOne(x => x.Lifecycle, l =>
            {
                l.Property(p => p.Status).HasConversion<string>().HasMaxLength(20).HasColumnName("report_status");
                l.Property(p => p.Version).HasColumnName("report_version").IsConcurrencyToken();
                l.Property(p => p.CaseNumber).HasColumnName("case_number").HasMaxLength(40);
                l.Property(p => p.DecisionDate).HasColumnName("decision_date");
                l.Property(p => p.SubmittedAt).HasColumnName("submitted_at");
                l.Property(p => p.AdoptedAt).HasColumnName("adopted_at");
            });
            e.Navigation(x => x.Lifecycle).IsRequired();
        });
        modelBuilder.Entity<Investment>(e =>
        {
            e.ToTable("investments");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint }).IsUnique();
        });
        modelBuilder.Entity<BudgetAdjustment>(e =>
        {
            e.ToTable("budget_adjustments");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.Reference, x.Sequence }).IsUnique();
            e.Property(x => x.Reference).HasMaxLength(60);
            e.Property(x => x.AreaName).HasMaxLength(200);
            e.Property(x => x.DecidedBy).HasMaxLength(10);
        });
        modelBuilder.Entity<SavingsMeasure>(e =>
        {
            e.ToTable("savings_measures");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.DecisionReference, x.Name }).IsUnique();
            e.Property(x => x.DecisionReference).HasMaxLength(60);
            e.Property(x => x.DecidedBy).HasMaxLength(200);
            e.Property(x => x.Name).HasMaxLength(500);
        });
        modelBuilder.Entity<Narrative>(e =>
        {
            e.ToTable("narratives");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.Section }).IsUnique();
            e.Property(x => x.Section).HasMaxLength(200);
        });
        modelBuilder.Entity<SavingsDecision>(e =>
        {
            e.ToTable("savings_decisions");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.Reference }).IsUnique();
            e.Property(x => x.Reference).HasMaxLength(60);
            e.Property(x => x.DecidedBy).HasMaxLength(200);
            e.Property(x => x.Requirement).HasMaxLength(200);
        });
        modelBuilder.Entity<StatedDeviation>(e =>
        {
            e.ToTable("stated_deviations");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.UnitCode }).IsUnique();
            e.Property(x => x.UnitCode).HasMaxLength(32);
        });
        modelBuilder.Entity<DeviationItem>(e =>
        {
            e.ToTable("deviation_items");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.UnitCode, x.Kind, x.Description }).IsUnique();
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Description).HasMaxLength(2000);
        });
        modelBuilder.Entity<MunicipalityName>(e =>
        {
            e.ToTable("municipality_names");
            e.HasIndex(x => x.MunicipalityCode).IsUnique();
            e.Property(x => x.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<CommitteeName>(e =>
        {
            e.ToTable("committee_names");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(200);
        });
        modelBuilder.AddOutboxAndInbox().AddAuditAndSnapshots();
    }
}
