using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.ServiceDefaults.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace NamndFollowUp.ServiceDefaults.Messaging;

/// <summary>
/// An event waiting to be published, written in the same SaveChanges (one PostgreSQL transaction) as the
/// change it announces: either both are stored or neither is.
/// </summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }
    public Guid MessageId { get; set; }
    /// <summary>"Full.Type.Name, Assembly" of the event record.</summary>
    public required string MessageType { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>The W3C traceparent of the work that wrote the event, so its publishing and consumption continue that
    /// trace; null when nothing was traced.</summary>
    public string? TraceParent { get; set; }
}

/// <summary>A message a consumer has handled, recorded with the consumer's own change.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A service DbContext that owns an outbox and an inbox.</summary>
public interface IOutboxContext
{
    DbSet<OutboxMessage> OutboxMessages { get; }
    DbSet<InboxMessage> InboxMessages { get; }
}

public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues an event to be published once the surrounding SaveChanges commits.</summary>
    public static void Publish<TEvent>(this IOutboxContext db, TEvent message) where TEvent : class
    {
        var now = DateTimeOffset.UtcNow;
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = Guid.CreateVersion7(),
            MessageType = TypeName(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(message, Json),
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = OutboxTrace.CurrentTraceParent(),
        });
    }

    /// <summary>
    /// The outbox rows of many events as one INSERT, for set-based writers that bypass the change tracker: run it
    /// in the same transaction as the change the events announce. The rows are the ones <see cref="Publish"/>
    /// would add; the NOTIFY trigger (<see cref="OutboxNotification"/>) wakes the dispatchers at commit.
    /// </summary>
    public static NpgsqlBatchCommand InsertCommand(IReadOnlyList<object> messages, DateTimeOffset now)
    {
        var ids = new Guid[messages.Count];
        var types = new string[messages.Count];
        var payloads = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var type = messages[i].GetType();
            ids[i] = Guid.CreateVersion7();
            types[i] = TypeName(type);
            payloads[i] = JsonSerializer.Serialize(messages[i], type, Json);
        }
        return new NpgsqlBatchCommand("""
            INSERT INTO outbox_messages ("MessageId", "MessageType", "Payload", "CreatedAt", "NextAttemptAt", "Attempts", "TraceParent")
            SELECT id, type, payload::jsonb, $4, $4, 0, $5 FROM unnest($1, $2, $3) AS m(id, type, payload)
            """)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = ids },
                new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = now },
                new NpgsqlParameter { Value = (object?)OutboxTrace.CurrentTraceParent() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
    }

    /// <summary>How an outbox row names its event type; bulk writers that insert rows with SQL use it too.</summary>
    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            e.HasIndex(x => x.MessageId).IsUnique();
            e.Property(x => x.MessageType).HasMaxLength(300);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            // Version 00 of a W3C traceparent is 55 characters; room for a later version's longer form.
            e.Property(x => x.TraceParent).HasMaxLength(128);
            // The dispatcher only ever looks at unsent rows; keep that index small.
            e.HasIndex(x => new { x.NextAttemptAt, x.Sequence }).HasFilter("\"SentAt\" IS NULL");
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(x => new { x.MessageId, x.Consumer });
            e.Property(x => x.Consumer).HasMaxLength(200);
        });
        return modelBuilder;
    }
}
