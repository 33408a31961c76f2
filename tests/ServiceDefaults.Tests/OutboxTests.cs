using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Events;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.ServiceDefaults.Tests;

/// <summary>A service-like DbContext with an outbox, on EF InMemory.</summary>
public sealed class TestOutboxContext(DbContextOptions<TestOutboxContext> options) : DbContext(options), IOutboxContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();

    public static TestOutboxContext Create(string name) =>
        new(new DbContextOptionsBuilder<TestOutboxContext>().UseInMemoryDatabase(name).Options);
}

/// <summary>An event defined outside the contracts assembly.</summary>
public sealed record TestEvent(string Name, decimal Amount, IReadOnlyList<int> Numbers);

public sealed class OutboxPublishTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly ActivityFiguresChanged Changed = new(
        "0380", "SCN", 2024, 14, "5731", -247_200_000.50m, -231_000_000m, 3,
        new DateTimeOffset(2025, 2, 1, 12, 30, 15, TimeSpan.FromHours(1)));

    [Fact]
    public async Task Publish_adds_an_outbox_message_whose_type_and_payload_round_trip()
    {
        var dbName = Guid.NewGuid().ToString();
        await using (var db = TestOutboxContext.Create(dbName))
        {
            db.Publish(Changed);
            await db.SaveChangesAsync();
        }

        await using var read = TestOutboxContext.Create(dbName);
        var row = Assert.Single(await read.OutboxMessages.ToListAsync());

        var type = Type.GetType(row.MessageType);
        Assert.Equal(typeof(ActivityFiguresChanged), type);
        Assert.Equal(Changed, JsonSerializer.Deserialize(row.Payload, type!, Web));
        Assert.Equal(Changed, JsonSerializer.Deserialize<ActivityFiguresChanged>(row.Payload, Web));
    }

    [Fact]
    public void The_payload_uses_web_naming_and_keeps_decimals_exact()
    {
        using var db = TestOutboxContext.Create(Guid.NewGuid().ToString());
        db.Publish(Changed);

        var row = db.OutboxMessages.Local.Single();
        using var json = JsonDocument.Parse(row.Payload);
        Assert.Equal("5731", json.RootElement.GetProperty("activityCode").GetString());
        Assert.Equal(-247_200_000.50m, json.RootElement.GetProperty("actual").GetDecimal());
        Assert.Equal(3, json.RootElement.GetProperty("version").GetInt64());
    }

    [Fact]
    public void A_new_message_is_unsent_due_now_and_has_a_fresh_id()
    {
        using var db = TestOutboxContext.Create(Guid.NewGuid().ToString());
        db.Publish(Changed);
        db.Publish(Changed);

        var rows = db.OutboxMessages.Local.ToList();
        Assert.Equal(2, rows.Count);
        Assert.NotEqual(rows[0].MessageId, rows[1].MessageId);
        Assert.All(rows, r =>
        {
            Assert.NotEqual(Guid.Empty, r.MessageId);
            Assert.Null(r.SentAt);
            Assert.Equal(0, r.Attempts);
            Assert.Null(r.LastError);
            Assert.Equal(r.CreatedAt, r.NextAttemptAt);
        });
    }

    [Fact]
    public void An_event_type_from_another_assembly_resolves_back_too()
    {
        using var db = TestOutboxContext.Create(Guid.NewGuid().ToString());
        var message = new TestEvent("Barn- och ungdomsvård", 685_000_000m, [5731, 5732]);

        db.Publish(message);

        var row = db.OutboxMessages.Local.Single();
        var type = Type.GetType(row.MessageType);
        Assert.Equal(typeof(TestEvent), type);
        var back = (TestEvent)JsonSerializer.Deserialize(row.Payload, type!, Web)!;
        Assert.Equal(message.Name, back.Name);
        Assert.Equal(message.Amount, back.Amount);
        Assert.Equal(message.Numbers, back.Numbers);
    }

    [Fact]
    public void Nothing_is_stored_until_SaveChanges()
    {
        var dbName = Guid.NewGuid().ToString();
        using (var db = TestOutboxContext.Create(dbName))
        {
            db.Publish(Changed);
        }

        using var read = TestOutboxContext.Create(dbName);
        Assert.Empty(read.OutboxMessages.ToList());
    }
}

public sealed class OutboxBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]    // 32 s capped at the default 30 s
    [InlineData(7, 30)]
    [InlineData(100, 30)]
    [InlineData(int.MaxValue, 30)]
    public void Backoff_doubles_from_one_second_and_is_capped_at_MaxBackoff(int attempts, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), new OutboxOptions().BackoffAfter(attempts));
    }

    [Fact]
    public void The_cap_follows_a_configured_MaxBackoff()
    {
        var options = new OutboxOptions { MaxBackoff = TimeSpan.FromSeconds(5) };

        Assert.Equal(TimeSpan.FromSeconds(4), options.BackoffAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(5), options.BackoffAfter(4));
        Assert.Equal(TimeSpan.FromSeconds(5), options.BackoffAfter(20));
    }

    [Fact]
    public void No_attempt_yet_waits_the_minimum_of_one_second()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new OutboxOptions().BackoffAfter(0));
    }
}
