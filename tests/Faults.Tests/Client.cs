using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// The calls the load makes, through the two gateways in turn, each recorded as an <see cref="Outcome"/>. Five seconds a
/// call: a caller that waits longer has given up anyway, and a hang is an outcome of its own ("timeout").
/// </summary>
public sealed class Client : IDisposable
{
    private readonly TimeSpan _timeout;
    private const string Period = "period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    private readonly ReplicatedSuite _suite;
    private readonly HttpClient[] _rest;
    private readonly GrpcChannel[] _grpc;
    private int _turn;

    /// <param name="timeout">5 s unless told: the warm-up and the first-writes scenario, which measure success and not
    /// speed, allow more, as a cold process on a busy machine needs it.</param>
    public Client(ReplicatedSuite suite, TimeSpan? timeout = null)
    {
        _suite = suite;
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
        _rest = suite.GatewayRest.Select(a => new HttpClient { BaseAddress = new Uri(a), Timeout = _timeout }).ToArray();
        _grpc = suite.GatewayGrpc.Select(a => GrpcChannel.ForAddress(a)).ToArray();
    }

    private int Next() => (Interlocked.Increment(ref _turn) & int.MaxValue) % _rest.Length;

    /// <summary>One activity figure of a committee's 2024 full year (a new one, or the next version of one).</summary>
    public Task<Outcome> WriteFigureAsync(string committee, string activity, decimal actual, int year = 2024)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["period"] = new System.Text.Json.Nodes.JsonObject { ["year"] = year, ["point"] = "PERIOD_POINT_FULL_YEAR" },
            ["figures"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["activityCode"] = activity,
                ["actual"] = new System.Text.Json.Nodes.JsonObject { ["value"] = actual.ToString(CultureInfo.InvariantCulture) },
            }),
        }.ToJsonString();
        return RestAsync(HttpMethod.Post, $"/api/v1/economy/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}/figures", committee, "economy",
            new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>
    /// Registers, as the municipal office, the activity codes the scenarios write under (7000–7249): economy refuses a
    /// figure of a code its municipality has not registered.
    /// </summary>
    public Task<Outcome> RegisterActivitiesAsync()
    {
        var codes = new System.Text.Json.Nodes.JsonArray(Enumerable.Range(7000, 250)
            .Select(c => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["code"] = c.ToString(CultureInfo.InvariantCulture), ["name"] = $"Verksamhet {c}" }).ToArray());
        return RestAsync(HttpMethod.Post, $"/api/v1/economy/municipalities/{ReplicatedSuite.Municipality}/activity-codes", null, "economy",
            new StringContent(new System.Text.Json.Nodes.JsonObject { ["codes"] = codes }.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    public Task<Outcome> ReadAsync(string service, string committee) => service switch
    {
        "economy" => RestAsync(HttpMethod.Get, $"/api/v1/economy/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}/result-summary?{Period}", committee, service),
        "planning" => RestAsync(HttpMethod.Get, $"/api/v1/planning/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}/assignment-statuses?{Period}", committee, service),
        _ => RestAsync(HttpMethod.Get, $"/api/v1/keyfigures/municipalities/{ReplicatedSuite.Municipality}/committees/{committee}/sheet?{Period}", committee, service),
    };

    private async Task<Outcome> RestAsync(HttpMethod method, string path, string? committee, string service, HttpContent? content = null)
    {
        var at = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _suite.Token(committee));
        var route = $"REST {method} {service}";
        try
        {
            using var response = await _rest[Next()].SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new Outcome(at, watch.Elapsed, Outcome.OfRest(response.StatusCode, text, service), route);
        }
        catch (TaskCanceledException)
        {
            return new Outcome(at, watch.Elapsed, $"timeout ({_timeout.TotalSeconds:0} s)", route);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(at, watch.Elapsed, $"gateway unreachable ({e.HttpRequestError})", route);
        }
    }

    /// <summary>economy's result summary over gRPC, through a gateway.</summary>
    public async Task<Outcome> GrpcReadAsync(string committee)
    {
        var at = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var client = new EconomyService.EconomyServiceClient(_grpc[Next()]);
        try
        {
            await client.GetResultSummaryAsync(new GetResultSummaryRequest
            {
                MunicipalityCode = ReplicatedSuite.Municipality,
                CommitteeCode = committee,
                Period = new Period { Year = 2024, Point = PeriodPoint.FullYear },
            }, new Metadata { { "authorization", $"Bearer {_suite.Token(committee)}" } }, DateTime.UtcNow + _timeout);
            return new Outcome(at, watch.Elapsed, Outcome.Ok, "gRPC economy");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return new Outcome(at, watch.Elapsed, $"timeout ({_timeout.TotalSeconds:0} s)", "gRPC economy");
        }
        catch (RpcException e)
        {
            return new Outcome(at, watch.Elapsed, Outcome.OfGrpc(e, "economy"), "gRPC economy");
        }
    }

    /// <summary>keyfigures' sheet over gRPC, through a gateway (for the whole-service-down scenario).</summary>
    public async Task<Outcome> GrpcKeyFiguresAsync(string committee)
    {
        var at = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var client = new Contracts.KeyFigures.V1.KeyFiguresService.KeyFiguresServiceClient(_grpc[Next()]);
        try
        {
            await client.GetKeyFigureSheetAsync(new Contracts.KeyFigures.V1.GetKeyFigureSheetRequest
            {
                MunicipalityCode = ReplicatedSuite.Municipality,
                CommitteeCode = committee,
                Period = new Period { Year = 2024, Point = PeriodPoint.FullYear },
            }, new Metadata { { "authorization", $"Bearer {_suite.Token(committee)}" } }, DateTime.UtcNow + _timeout);
            return new Outcome(at, watch.Elapsed, Outcome.Ok, "gRPC keyfigures");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return new Outcome(at, watch.Elapsed, $"timeout ({_timeout.TotalSeconds:0} s)", "gRPC keyfigures");
        }
        catch (RpcException e)
        {
            return new Outcome(at, watch.Elapsed, Outcome.OfGrpc(e, "keyfigures"), "gRPC keyfigures");
        }
    }

    public void Dispose()
    {
        foreach (var c in _rest) c.Dispose();
        foreach (var c in _grpc) c.Dispose();
    }
}
