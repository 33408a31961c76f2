namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// Steady traffic of a committee's system and readers through both gateways while a fault is injected: per worker a
/// write to economy, then reads of economy (REST and gRPC), planning and keyfigures, round and round.
/// </summary>
public static class SteadyLoad
{
    public static async Task RunAsync(Client client, Outcomes outcomes, string committee, int workers, CancellationToken stop)
    {
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref counter);
                var outcome = (i % 5) switch
                {
                    0 => await client.WriteFigureAsync(committee, (7000 + i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture), -1000m - i),
                    1 => await client.ReadAsync("economy", committee),
                    2 => await client.GrpcReadAsync(committee),
                    3 => await client.ReadAsync("planning", committee),
                    _ => await client.ReadAsync("keyfigures", committee),
                };
                outcomes.Add(outcome);
                if (!outcome.IsOk)
                {
                    // A failing caller backs off a little, as clients do; a success goes on at once.
                    try { await Task.Delay(50, stop); } catch (OperationCanceledException) { }
                }
            }
        }));
    }
}
