using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Planning.Tests;

/// <summary>The follow-up comes whether or not economy answers: the figure is then marked missing.</summary>
public sealed class EconomicResultsTests
{
    private static EconomicResults For(string address) =>
        new(new EconomyService.EconomyServiceClient(GrpcChannel.ForAddress(address)), NullLogger<EconomicResults>.Instance);

    [Fact]
    public async Task Economy_not_running_gives_a_missing_figure_with_the_reason()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens on the port now

        var result = await For($"http://localhost:{port}").GetAsync("0380", "SCN", new PeriodKey(2024, 14), CancellationToken.None);

        Assert.False(result.Available);
        Assert.Null(result.Result);
        Assert.Contains("Unavailable", result.UnavailableReason);
    }

    [Fact]
    public async Task Economy_that_accepts_but_never_answers_is_given_up_after_the_budget()
    {
        // Accepts the connection and then says nothing, like a hung process.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () => { while (true) accepted.Add(await listener.AcceptTcpClientAsync()); });

        var clock = Stopwatch.StartNew();
        var result = await For($"http://localhost:{port}").GetAsync("0380", "SCN", new PeriodKey(2024, 14), CancellationToken.None);
        clock.Stop();

        Assert.False(result.Available);
        Assert.Contains("DeadlineExceeded", result.UnavailableReason);
        // Bounded by EconomicResults.Budget (3 s); generous slack for a loaded test machine.
        Assert.InRange(clock.Elapsed, EconomicResults.Budget - TimeSpan.FromMilliseconds(200), EconomicResults.Budget + TimeSpan.FromSeconds(5));
        listener.Stop();
        accepted.ForEach(c => c.Dispose());
    }
}
