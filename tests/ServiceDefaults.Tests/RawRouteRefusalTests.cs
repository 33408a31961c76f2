using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Reports;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Tests;

/// <summary>
/// A raw upload's refusal (<see cref="RawRoute.RefuseAsync"/>) carries the HTTP code JSON transcoding gives its status, as
/// a transcoded method's would: it once answered every one of them 400, a database restarting included, which tells a
/// caller not to retry an upload that would pass a moment later.
/// </summary>
public sealed class RawRouteRefusalTests
{
    public static TheoryData<Exception, int, int> Refusals => new()
    {
        { new ValidationFailedException("content", "line 7: amount 'abc' is not a number"), 400, 3 },
        { new ReportLockedException("the report is adopted"), 400, 9 },
        { new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), 409, 10 },
        { new PostgresException("terminating connection due to administrator command", "ERROR", "ERROR", "57P01"), 503, 14 },
        { new NpgsqlException("Exception while connecting", new System.Net.Sockets.SocketException(111)), 503, 14 },
        // What SaveChangesOrAbortAsync throws for a collided write (a unique key inserted first by another upload, a
        // deadlock): an RpcException, which the upload routes once let through as a 500.
        { ConcurrentWrite.ToRpcException(), 409, 10 },
        { new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.NotFound, "no such committee")), 404, 5 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Answers_the_status_transcoding_would(Exception refusal, int httpStatus, int grpcCode)
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        Assert.True(RawRoute.IsRefusal(refusal));
        await RawRoute.RefuseAsync(http, refusal, "too large");

        Assert.Equal(httpStatus, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal(grpcCode, body.RootElement.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_body_too_large_is_413_saying_so()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        await RawRoute.RefuseAsync(http, new BadHttpRequestException("too big", StatusCodes.Status413PayloadTooLarge), "the file is larger than 1 GB");

        Assert.Equal(413, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        Assert.Contains("the file is larger than 1 GB; nothing was imported", await new StreamReader(http.Response.Body).ReadToEndAsync());
    }
}
