using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Planning.Domain;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Planning.Infrastructure;

public sealed class PlanningDbContext(DbContextOptions<PlanningDbContext> options) : DbContext(options), IOutboxContext, IAuditContext
{
    public DbSet<AssignmentStatusReport> AssignmentStatusReports => Set<AssignmentStatusReport>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ReportSnapshot> ReportSnapshots => Set<ReportSnapshot>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AssignmentStatusReport>(e =>
        {
            e.ToTable("assignment_status_reports");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.AssignmentNumber }).IsUnique();
            e.Property(x => x.MunicipalityCode).HasMaxLength(4);
            e.Property(x => x.CommitteeCode).HasMaxLength(32);
            // Stored by name so the table reads without the enum at hand (and BI can read it too).
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.AddOutboxAndInbox().AddAuditAndSnapshots();
    }
}
