using Grpc.Core;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Tests;

/// <summary>A rule broken in any kind of method reaches the caller as the same status, streams included.</summary>
public sealed class ValidationExceptionInterceptorTests
{
    private readonly ValidationExceptionInterceptor _interceptor = new();

    public static TheoryData<Exception, StatusCode> Failures => new()
    {
        { new ValidationFailedException("content", "line 7: amount 'abc' is not a number"), StatusCode.InvalidArgument },
        { new ReportLockedException("the report is adopted"), StatusCode.FailedPrecondition },
        // PostgreSQL's own refusals of a write that collided with another, bare and as EF wraps them on SaveChanges.
        { new Npgsql.PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), StatusCode.Aborted },
        { new Microsoft.EntityFrameworkCore.DbUpdateException("save", new Npgsql.PostgresException("could not serialize access", "ERROR", "ERROR", "40001")), StatusCode.Aborted },
        { new InvalidOperationException("wrapped", new Npgsql.PostgresException("could not obtain lock", "ERROR", "ERROR", "55P03")), StatusCode.Aborted },
        { new Npgsql.PostgresException("terminating connection due to administrator command", "ERROR", "ERROR", "57P01"), StatusCode.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Unary(Exception failure, StatusCode expected) =>
        await AssertStatus(expected, () => _interceptor.UnaryServerHandler<string, string>("x", null!, (_, _) => throw failure));

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Client_streaming(Exception failure, StatusCode expected) =>
        await AssertStatus(expected, () => _interceptor.ClientStreamingServerHandler<string, string>(null!, null!, (_, _) => throw failure));

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Server_streaming(Exception failure, StatusCode expected) =>
        await AssertStatus(expected, () => _interceptor.ServerStreamingServerHandler<string, string>("x", null!, null!, (_, _, _) => throw failure));

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Duplex_streaming(Exception failure, StatusCode expected) =>
        await AssertStatus(expected, () => _interceptor.DuplexStreamingServerHandler<string, string>(null!, null!, null!, (_, _, _) => throw failure));

    [Fact]
    public async Task Other_exceptions_pass_through_unchanged()
    {
        var failure = new InvalidOperationException("a bug");
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _interceptor.ClientStreamingServerHandler<string, string>(null!, null!, (_, _) => throw failure));
        Assert.Same(failure, thrown);
    }

    private static async Task AssertStatus(StatusCode expected, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, e.StatusCode);
    }
}
