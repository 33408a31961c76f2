using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Economy.Infrastructure;

public sealed class EconomyDbContext(DbContextOptions<EconomyDbContext> options) : DbContext(options), IOutboxContext, IAuditContext
{
    public DbSet<ActivityFigure> ActivityFigures => Set<ActivityFigure>();
    public DbSet<Allocation> Allocations => Set<Allocation>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ReportSnapshot> ReportSnapshots => Set<ReportSnapshot>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityFigure>(e =>
        {
            e.ToTable("activity_figures");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.ActivityCode, x.UnitCode }).IsUnique();
            e.Property(x => x.MunicipalityCode).HasMaxLength(4);
            e.Property(x => x.CommitteeCode).HasMaxLength(32);
            e.Property(x => x.ActivityCode).HasMaxLength(32);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            // numeric without precision: exact, and never rounded on the way in.
            e.Property(x => x.Actual).HasColumnType("numeric");
            e.Property(x => x.Budget).HasColumnType("numeric");
            e.Property(x => x.Forecast).HasColumnType("numeric");
            e.Property(x => x.Costs).HasColumnType("numeric");
            e.Property(x => x.Income).HasColumnType("numeric");
            e.Property(x => x.InterventionCost).HasColumnType("numeric");
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<Allocation>(e =>
        {
            e.ToTable("allocations");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.AreaName }).IsUnique();
            e.Property(x => x.MunicipalityCode).HasMaxLength(4);
            e.Property(x => x.CommitteeCode).HasMaxLength(32);
            e.Property(x => x.AreaName).HasMaxLength(200);
            e.Property(x => x.Amount).HasColumnType("numeric");
        });
        modelBuilder.AddOutboxAndInbox().AddAuditAndSnapshots();
    }
}
