using Microsoft.EntityFrameworkCore;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.KeyFigures.Infrastructure;

public sealed class KeyFiguresDbContext(DbContextOptions<KeyFiguresDbContext> options) : DbContext(options), IOutboxContext, IAuditContext
{
    public DbSet<ActivityKeyFigure> ActivityKeyFigures => Set<ActivityKeyFigure>();
    public DbSet<KeyFigureDefinition> Definitions => Set<KeyFigureDefinition>();
    public DbSet<EnteredInput> EnteredInputs => Set<EnteredInput>();
    public DbSet<EconomyFigure> EconomyFigures => Set<EconomyFigure>();
    public DbSet<ComputedKeyFigure> ComputedKeyFigures => Set<ComputedKeyFigure>();
    public DbSet<KeyFigureReport> Reports => Set<KeyFigureReport>();
    public DbSet<ComparisonGroup> ComparisonGroups => Set<ComparisonGroup>();
    public DbSet<KoladaValue> KoladaValues => Set<KoladaValue>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ReportSnapshot> ReportSnapshots => Set<ReportSnapshot>();

    /// <summary>Amounts and the scope's code widths, as every service declares them (ModelConventions).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.AddSuiteConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityKeyFigure>(e =>
        {
            e.ToTable("activity_key_figures");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.ActivityCode }).IsUnique();
            e.Property(x => x.ActivityCode).HasMaxLength(32);
            e.Property(x => x.VolumeKind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.UpdatedAt).IsConcurrencyToken();
        });
        modelBuilder.Entity<KeyFigureDefinition>(e =>
        {
            e.ToTable("key_figure_definitions");
            e.HasIndex(x => new { x.MunicipalityCode, x.Code }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.ActivityCode).HasMaxLength(32);
            e.Property(x => x.ParentCode).HasMaxLength(64);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.UpdatedAt).IsConcurrencyToken();
            e.Ignore(x => x.Presentation);
            // The inputs are part of the definition, read and replaced with it: one jsonb column.
            e.OwnsMany(x => x.Inputs, i =>
            {
                i.ToJson("inputs");
                i.Property(x => x.Kind).HasConversion<string>();
                i.Property(x => x.Measure).HasConversion<string>();
                i.Ignore(x => x.Presentation);
            });
        });
        modelBuilder.Entity<EnteredInput>(e =>
        {
            e.ToTable("entered_inputs");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.DefinitionCode, x.InputName }).IsUnique();
            e.Property(x => x.DefinitionCode).HasMaxLength(64);
            e.Property(x => x.InputName).HasMaxLength(64);
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        });
        modelBuilder.Entity<EconomyFigure>(e =>
        {
            e.ToTable("economy_figures");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.ActivityCode, x.UnitCode }).IsUnique();
            e.Property(x => x.ActivityCode).HasMaxLength(32);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<ComputedKeyFigure>(e =>
        {
            e.ToTable("computed_key_figures");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.DefinitionCode }).IsUnique();
            e.Property(x => x.DefinitionCode).HasMaxLength(64);
            e.Property(x => x.ActivityCode).HasMaxLength(32);
            e.Property(x => x.ComputedAt).IsConcurrencyToken();
        });
        modelBuilder.Entity<KeyFigureReport>(e =>
        {
            e.ToTable("key_figure_reports");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint }).IsUnique();
            e.Property(x => x.UpdatedAt).IsConcurrencyToken();
            e.OwnsOne(x => x.Lifecycle, l =>
            {
                l.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
                l.Property(x => x.CaseNumber).HasMaxLength(40);
            });
            e.Navigation(x => x.Lifecycle).IsRequired();
        });
        modelBuilder.Entity<ComparisonGroup>(e =>
        {
            e.ToTable("comparison_groups");
            e.HasIndex(x => new { x.MunicipalityCode, x.GroupId }).IsUnique();
            e.Property(x => x.GroupId).HasMaxLength(32);
        });
        modelBuilder.Entity<KoladaValue>(e =>
        {
            e.ToTable("kolada_values");
            e.HasIndex(x => new { x.MunicipalityCode, x.KpiId, x.Year, x.AreaId, x.Gender }).IsUnique();
            e.Property(x => x.KpiId).HasMaxLength(32);
            e.Property(x => x.AreaId).HasMaxLength(32);
            e.Property(x => x.Gender).HasMaxLength(1);
            e.Property(x => x.Status).HasMaxLength(KoladaFile.MaxStatusLength);
        });
        modelBuilder.AddOutboxAndInbox().AddAuditAndSnapshots();
    }
}
