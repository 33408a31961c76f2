using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Messaging;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Reports;

/// <summary>Who changed what, when: one row per changed entity, written in the same transaction.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The caller's subject (JWT "sub" or name), or "system" for event consumers.</summary>
    public required string Actor { get; set; }
    public required string Entity { get; set; }
    public required string EntityKey { get; set; }
    /// <summary>Added, Modified or Deleted.</summary>
    public required string Action { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? CommitteeCode { get; set; }
    /// <summary>{ "Property": { "from": …, "to": … } } for every changed property.</summary>
    public required string Changes { get; set; }
}

/// <summary>An adopted (or submitted) version of a report as it stood, readable after corrections.</summary>
public sealed class ReportSnapshot
{
    public long Id { get; set; }
    /// <summary>The report's identity within its service, e.g. "0380/SCN/2024/14".</summary>
    public required string ReportKey { get; set; }
    public int Version { get; set; }
    public ReportStatus Status { get; set; }
    public string? CaseNumber { get; set; }
    public DateOnly? DecisionDate { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    public required string Content { get; set; }
}

/// <summary>A service DbContext with an audit trail and report snapshots.</summary>
public interface IAuditContext
{
    DbSet<AuditEntry> AuditEntries { get; }
    DbSet<ReportSnapshot> ReportSnapshots { get; }
}

public static class AuditModel
{
    public static ModelBuilder AddAuditAndSnapshots(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.Property(x => x.Changes).HasColumnType("jsonb");
            e.HasIndex(x => new { x.MunicipalityCode, x.CommitteeCode, x.At });
        });
        modelBuilder.Entity<ReportSnapshot>(e =>
        {
            e.ToTable("report_snapshots");
            e.Property(x => x.Content).HasColumnType("jsonb");
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            // Not unique: a version submitted, reopened and submitted again keeps each submission.
            e.HasIndex(x => new { x.ReportKey, x.Version, x.TakenAt });
        });
        return modelBuilder;
    }

    /// <summary>Keeps <paramref name="content"/> as the readable state of this version.</summary>
    public static void Snapshot(this IAuditContext db, string reportKey, ReportLifecycle lifecycle, object content, DateTimeOffset now) =>
        db.ReportSnapshots.Add(new ReportSnapshot
        {
            ReportKey = reportKey,
            Version = lifecycle.Version,
            Status = lifecycle.Status,
            CaseNumber = lifecycle.CaseNumber,
            DecisionDate = lifecycle.DecisionDate,
            TakenAt = now,
            Content = JsonSerializer.Serialize(content, OutboxExtensions.Json),
        });
}

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every added, changed or deleted entity of a context that keeps
/// an audit trail, so no service method can forget to. Outbox, inbox, audit and snapshot rows are
/// bookkeeping and not audited.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor http, TimeProvider time) : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Bookkeeping = [typeof(OutboxMessage), typeof(InboxMessage), typeof(AuditEntry), typeof(ReportSnapshot)];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddEntries(eventData.Context);
        return result;
    }

    private void AddEntries(DbContext? context)
    {
        if (context is not IAuditContext audit)
        {
            return;
        }
        var now = time.GetUtcNow();
        var actor = Actor(http.HttpContext?.User);
        // An entity counts as changed when it is, or when only an owned part of it is (a report whose
        // ReportLifecycle moves from submitted to adopted leaves the report itself Unchanged).
        var entries = context.ChangeTracker.Entries()
            .Where(e => !Bookkeeping.Contains(e.Metadata.ClrType) && !e.Metadata.IsOwned()
                && (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                    || e.References.Any(r => r.TargetEntry is { } t && t.Metadata.IsOwned() && t.State is EntityState.Modified or EntityState.Added)))
            .ToList();
        foreach (var entry in entries)
        {
            audit.AuditEntries.Add(new AuditEntry
            {
                At = now,
                Actor = actor,
                Entity = entry.Metadata.ClrType.Name,
                EntityKey = Key(entry),
                Action = entry.State == EntityState.Unchanged ? nameof(EntityState.Modified) : entry.State.ToString(),
                MunicipalityCode = entry.Metadata.FindProperty("MunicipalityCode") is { } m ? entry.Property(m.Name).CurrentValue as string : null,
                CommitteeCode = entry.Metadata.FindProperty("CommitteeCode") is { } c ? entry.Property(c.Name).CurrentValue as string : null,
                Changes = JsonSerializer.Serialize(Changes(entry), OutboxExtensions.Json),
            });
        }
    }

    public static string Actor(ClaimsPrincipal? user) =>
        user?.FindFirst("sub")?.Value ?? user?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user?.Identity?.Name ?? "system";

    private static string Key(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return "";
        }
        // Natural keys read better in a history than generated ids (which are not known yet when Added).
        var natural = new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint" }
            .Select(name => entry.Metadata.FindProperty(name))
            .Where(p => p is not null)
            .Select(p => entry.Property(p!.Name).CurrentValue?.ToString());
        var own = key.Properties.Where(p => !p.IsShadowProperty() && p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never)
            .Select(p => entry.Property(p.Name).CurrentValue?.ToString());
        return string.Join("/", natural.Concat(own).Where(v => v is not null));
    }

    private static Dictionary<string, object?> Changes(EntityEntry entry)
    {
        var changes = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            var from = entry.State == EntityState.Added ? null : property.OriginalValue;
            var to = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && !property.IsModified)
            {
                continue;
            }
            if (!Equals(from, to))
            {
                changes[property.Metadata.Name] = new { from, to };
            }
        }
        foreach (var reference in entry.References.Where(r => r.TargetEntry is { } t && t.Metadata.IsOwned()))
        {
            foreach (var property in reference.TargetEntry!.Properties.Where(p => p.IsModified || reference.TargetEntry.State == EntityState.Added))
            {
                changes[$"{reference.Metadata.Name}.{property.Metadata.Name}"] =
                    new { from = reference.TargetEntry.State == EntityState.Added ? null : property.OriginalValue, to = property.CurrentValue };
            }
        }
        return changes;
    }
}
