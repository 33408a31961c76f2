using System.Text.Json;
using NamndFollowUp.Events;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.ServiceDefaults.Tests;

/// <summary>A set-based writer's outbox rows must be the rows <see cref="OutboxExtensions.Publish"/> would add: the dispatcher reads both alike.</summary>
public sealed class MessagingBulkOutboxTests
{
    private static readonly DateTimeOffset Now = new(2025, 2, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_event_gets_its_own_id_its_type_name_and_a_web_named_payload()
    {
        var changed = new KeyFigureRecomputed("0380", "SCN", 2024, 14, "5731", 5_379.24m, null, Now);
        var values = new KeyFigureValuesRecomputed("0380", "SCN", 2024, 14,
            [new RecomputedKeyFigureValue("5731-1", "5731", 5_379.24m, null, Now, true, 5_100m)]);

        var command = OutboxExtensions.InsertCommand([changed, values], Now);

        var ids = (Guid[])command.Parameters[0].Value!;
        var types = (string[])command.Parameters[1].Value!;
        var payloads = (string[])command.Parameters[2].Value!;
        Assert.Equal(2, ids.Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, ids);
        Assert.Equal(typeof(KeyFigureRecomputed), Type.GetType(types[0]));
        Assert.Equal(typeof(KeyFigureValuesRecomputed), Type.GetType(types[1]));
        Assert.Equal(changed, JsonSerializer.Deserialize<KeyFigureRecomputed>(payloads[0], new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        using var json = JsonDocument.Parse(payloads[1]);
        var value = json.RootElement.GetProperty("values")[0];
        Assert.Equal("5731-1", value.GetProperty("definitionCode").GetString());
        Assert.Equal(5_379.24m, value.GetProperty("value").GetDecimal());
        Assert.True(value.GetProperty("changedAfterAdoption").GetBoolean());
        Assert.Equal(5_100m, value.GetProperty("adoptedValue").GetDecimal());
        Assert.Equal(Now, (DateTimeOffset)command.Parameters[3].Value!);
    }
}
