using Microsoft.EntityFrameworkCore;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.KeyFigures.Infrastructure;

public sealed class KeyFiguresDbContext(DbContextOptions<KeyFiguresDbContext> options) : DbContext(options), IOutboxContext, IAuditContext
{
    public DbSet<ActivityKeyFigure> ActivityKeyFigures => Set<ActivityKeyFigure>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ReportSnapshot> ReportSnapshots => Set<ReportSnapshot>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityKeyFigure>(e =>
        {
            e.ToTable("activity_key_figures");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.Year, x.PeriodPoint, x.ActivityCode }).IsUnique();
            e.Property(x => x.MunicipalityCode).HasMaxLength(4);
            e.Property(x => x.CommitteeCode).HasMaxLength(32);
            e.Property(x => x.ActivityCode).HasMaxLength(32);
            e.Property(x => x.NetCost).HasColumnType("numeric");
            e.Property(x => x.Volume).HasColumnType("numeric");
            e.Property(x => x.VolumeKind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.UpdatedAt).IsConcurrencyToken();
        });
        modelBuilder.AddOutboxAndInbox().AddAuditAndSnapshots();
    }
}
