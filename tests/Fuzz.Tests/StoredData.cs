namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// "A refused write stores nothing": the target's data as read before a write, compared with what is read after
/// it when it was refused. The last snapshot per service is reused until a write is accepted; after an accepted
/// write that other services consume as events (economy's figures, the gateway's adoption), their data is read
/// only once the events had time to arrive, so a late event is never taken for a refused write's change.
/// </summary>
public sealed class StoredData(FuzzSuite suite, Tenant tenant)
{
    private static readonly TimeSpan EventsArrive = TimeSpan.FromSeconds(3);
    private readonly Dictionary<string, Snapshot> _known = [];
    private DateTime _eventsSettledAt = DateTime.MinValue;

    /// <summary>The services whose stored data the RPC may change.</summary>
    public static IReadOnlyList<string> ChangedBy(Rpc rpc) => rpc.IsWrite
        ? rpc.OwnService is { } own ? [own] : ["economy", "planning", "keyfigures"]
        : [];

    public async Task<Snapshot?> BeforeAsync(Rpc rpc)
    {
        var services = ChangedBy(rpc);
        if (services.Count == 0)
        {
            return null;
        }
        if (DateTime.UtcNow < _eventsSettledAt)
        {
            await Task.Delay(_eventsSettledAt - DateTime.UtcNow);
            _known.Clear();
        }
        var key = string.Join(',', services);
        if (!_known.TryGetValue(key, out var before))
        {
            _known[key] = before = await Snapshot.TakeAsync(suite, tenant, services);
        }
        return before;
    }

    /// <summary>Null when the property holds; else what the refused write changed.</summary>
    public async Task<string?> AfterAsync(Rpc rpc, Answer answer, Snapshot? before)
    {
        if (before is null)
        {
            return null;
        }
        if (answer.IsOk)
        {
            _known.Clear();
            if (rpc.OwnService is not ("planning" or "keyfigures"))
            {
                _eventsSettledAt = DateTime.UtcNow + EventsArrive;
            }
            return null;
        }
        var after = await Snapshot.TakeAsync(suite, tenant, ChangedBy(rpc));
        var difference = before.Difference(after);
        if (difference is not null)
        {
            _known.Clear();
        }
        return difference;
    }
}
