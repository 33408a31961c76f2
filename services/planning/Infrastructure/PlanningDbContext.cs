using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NamndFollowUp.Planning.Domain;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Planning.Infrastructure;

public sealed class PlanningDbContext(DbContextOptions<PlanningDbContext> options) : DbContext(options), IOutboxContext, IAuditContext
{
    public DbSet<AssignmentStatusReport> AssignmentStatusReports => Set<AssignmentStatusReport>();
    public DbSet<FocusGoal> FocusGoals => Set<FocusGoal>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<CommitteeFollowUp> FollowUps => Set<CommitteeFollowUp>();
    public DbSet<SpecialReportingRound> SpecialReportingRounds => Set<SpecialReportingRound>();
    public DbSet<SpecialReportingAnswer> SpecialReportingAnswers => Set<SpecialReportingAnswer>();
    public DbSet<StatusVocabulary> StatusVocabularies => Set<StatusVocabulary>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ReportSnapshot> ReportSnapshots => Set<ReportSnapshot>();

    /// <summary>Amounts and the scope's code widths, as every service declares them (ModelConventions).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.AddSuiteConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AssignmentStatusReport>(e =>
        {
            e.ToTable("assignment_status_reports");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.AssignmentNumber }).IsUnique();
            // The cross-committee view reads one assignment of every committee.
            e.HasIndex(x => new { x.MunicipalityCode, x.Year, x.PeriodPoint, x.AssignmentNumber });
            // Stored by name so the table reads without the enum at hand (and BI can read it too).
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.StructuredReport).AsJson();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<FocusGoal>(e =>
        {
            e.ToTable("focus_goals");
            e.HasIndex(x => new { x.MunicipalityCode, x.Year, x.Number }).IsUnique();
        });
        modelBuilder.Entity<Assignment>(e =>
        {
            e.ToTable("assignments");
            e.HasIndex(x => new { x.MunicipalityCode, x.Year, x.Number }).IsUnique();
        });
        modelBuilder.Entity<CommitteeFollowUp>(e =>
        {
            e.ToTable("follow_ups");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint }).IsUnique();
            e.OwnsOne(x => x.Lifecycle, l =>
            {
                l.Property(p => p.Status).HasConversion<string>().HasMaxLength(20).HasColumnName("report_status");
                l.Property(p => p.Version).HasColumnName("report_version");
                l.Property(p => p.CaseNumber).HasColumnName("case_number").HasMaxLength(40);
                l.Property(p => p.DecisionDate).HasColumnName("decision_date");
                l.Property(p => p.SubmittedAt).HasColumnName("submitted_at");
                l.Property(p => p.AdoptedAt).HasColumnName("adopted_at");
            });
            e.Navigation(x => x.Lifecycle).IsRequired();
            // One readable document; the audit trail records it whole, before and after each change.
            e.Property(x => x.Content).HasConversion(
                    c => FollowUpContent.Json(c),
                    s => FollowUpContent.FromJson(s),
                    new ValueComparer<FollowUpContent>((a, b) => FollowUpContent.Json(a!) == FollowUpContent.Json(b!), c => FollowUpContent.Json(c).GetHashCode(), c => c))
                .HasColumnType("jsonb");
            e.Property(x => x.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<SpecialReportingRound>(e =>
        {
            e.ToTable("special_reporting_rounds");
            e.HasIndex(x => new { x.MunicipalityCode, x.RoundCode }).IsUnique();
            e.Property(x => x.RoundCode).HasMaxLength(64);
            e.Property(x => x.Questions).AsJson();
        });
        modelBuilder.Entity<SpecialReportingAnswer>(e =>
        {
            e.ToTable("special_reporting_answers");
            e.HasIndex(x => new { x.RoundId, x.CommitteeCode, x.QuestionNumber }).IsUnique();
            e.HasOne<SpecialReportingRound>().WithMany().HasForeignKey(x => x.RoundId);
            e.Property(x => x.CommitteeCode).HasMaxLength(32);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<StatusVocabulary>(e =>
        {
            e.ToTable("status_vocabularies");
            e.HasIndex(x => x.MunicipalityCode).IsUnique();
            // One readable list, replaced whole; the audit trail records it before and after.
            e.Property(x => x.Words).AsJson();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.AddOutboxAndInbox().AddAuditAndSnapshots();
    }
}

internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>A small value object kept as jsonb, compared by content.</summary>
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property) => property
        .HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            s => JsonSerializer.Deserialize<T>(s, Options)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                v => JsonSerializer.Serialize(v, Options).GetHashCode(),
                v => v))
        .HasColumnType("jsonb");
}
