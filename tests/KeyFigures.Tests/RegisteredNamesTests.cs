using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using NamndFollowUp.Contracts.Economy.V1;

namespace NamndFollowUp.KeyFigures.Tests;

/// <summary>The names Bilaga 4's header prints: as registered in economy, and the codes, said as codes, when economy has none or does not answer.</summary>
public sealed class RegisteredNamesTests
{
    [Fact]
    public async Task The_header_names_the_committee_and_municipality_as_registered()
    {
        var answer = new MunicipalityNames { MunicipalityCode = "0380", MunicipalityName = "Uppsala kommun",
            Committees = { new CommitteeName { CommitteeCode = "ALN", Name = "Äldrenämnden" }, new CommitteeName { CommitteeCode = "SCN", Name = "Socialnämnden" } } };
        var names = new RegisteredNames(new EconomyService.EconomyServiceClient(new Answering(answer)), NewCache(), NullLogger<RegisteredNames>.Instance);
        Assert.Equal("Socialnämnden, Uppsala kommun", await names.CommitteeAsync("0380", "SCN", CancellationToken.None));
        Assert.Equal("nämnd BOU, Uppsala kommun", await names.CommitteeAsync("0380", "BOU", CancellationToken.None));
    }

    [Fact]
    public async Task A_sheet_still_prints_when_economy_does_not_answer_naming_the_codes_as_codes()
    {
        var names = new RegisteredNames(new EconomyService.EconomyServiceClient(new Answering(null)), NewCache(), NullLogger<RegisteredNames>.Instance);
        Assert.Equal("nämnd SCN, kommun 0380", await names.CommitteeAsync("0380", "SCN", CancellationToken.None));
    }

    [Fact]
    public async Task Names_once_read_are_printed_while_economy_is_away_for_the_minute_they_are_kept()
    {
        var answer = new MunicipalityNames { MunicipalityCode = "0380", MunicipalityName = "Uppsala kommun",
            Committees = { new CommitteeName { CommitteeCode = "SCN", Name = "Socialnämnden" } } };
        var economy = new Answering(answer);
        var cache = NewCache();
        Assert.Equal("Socialnämnden, Uppsala kommun", await new RegisteredNames(new EconomyService.EconomyServiceClient(economy), cache, NullLogger<RegisteredNames>.Instance).CommitteeAsync("0380", "SCN", CancellationToken.None));
        var away = new RegisteredNames(new EconomyService.EconomyServiceClient(new Answering(null)), cache, NullLogger<RegisteredNames>.Instance);
        Assert.Equal("Socialnämnden, Uppsala kommun", await away.CommitteeAsync("0380", "SCN", CancellationToken.None));
        // Another municipality's names were never read: its codes, said as codes.
        Assert.Equal("nämnd SCN, kommun 1480", await away.CommitteeAsync("1480", "SCN", CancellationToken.None));
    }

    private static Microsoft.Extensions.Caching.Memory.IMemoryCache NewCache() =>
        new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());

    /// <summary>Answers GetMunicipalityNames with <paramref name="names"/>, or UNAVAILABLE as a service that is down.</summary>
    private sealed class Answering(MunicipalityNames? names) : CallInvoker
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            names is null
                ? throw new RpcException(new Status(StatusCode.Unavailable, "economy is down"))
                : new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)(object)names), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
