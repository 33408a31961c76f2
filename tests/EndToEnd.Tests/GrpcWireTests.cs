using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// gRPC requests broken on the wire, sent as raw HTTP/2 frames through the gateway and straight to the economy
/// service: the caller's fault is INVALID_ARGUMENT (or RESOURCE_EXHAUSTED for a size), never UNKNOWN or INTERNAL,
/// which grpc-dotnet answered for malformed protobuf, invalid UTF-8, a body that is not gzip, a length prefix
/// past 2 GiB and a message cut short.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class GrpcWireTests(Suite suite)
{
    private const string Method = "/namnd.economy.v1.EconomyService/ListActivityFigures";

    public static TheoryData<string, string> Ports => new()
    {
        { "gateway", "malformed" }, { "service", "malformed" },
        { "gateway", "invalid-utf8" }, { "service", "invalid-utf8" },
        { "gateway", "not-gzip" }, { "service", "not-gzip" },
        { "gateway", "bad-flag" }, { "service", "bad-flag" },
        { "gateway", "cut-short" }, { "service", "cut-short" },
    };

    [Theory]
    [MemberData(nameof(Ports))]
    public async Task A_message_broken_on_the_wire_is_invalid_argument(string where, string broken)
    {
        var committee = NewCommittee("GW");
        var valid = new ListActivityFiguresRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto }.ToByteArray();
        var (flag, payload, encoding) = broken switch
        {
            // Field 1 with wire type 7, which does not exist.
            "malformed" => ((byte)0, new byte[] { 0x0F, 0xFF, 0xFF }, null),
            // municipality_code = C3 28: a lead byte followed by one that cannot continue it.
            "invalid-utf8" => ((byte)0, new byte[] { 0x0A, 0x02, 0xC3, 0x28 }.Concat(valid.Skip(6)).ToArray(), "identity"),
            "not-gzip" => ((byte)1, "this is not gzip"u8.ToArray(), "gzip"),
            "bad-flag" => ((byte)7, valid, null),
            _ => ((byte)0, valid, null),
        };
        var frame = Frame(flag, payload, declaredLength: broken == "cut-short" ? payload.Length + 100 : payload.Length);

        var (status, message) = await CallAsync(where, frame, encoding);

        Assert.True(status == 3, $"{broken} via {where}: grpc-status {status} {message}");
    }

    [Theory]
    [InlineData("gateway", 0xFFFFFFFFu)]
    [InlineData("service", 0xFFFFFFFFu)]
    [InlineData("service", 0x7FFFFFFFu)]
    public async Task A_length_prefix_over_the_limit_is_resource_exhausted(string where, uint length)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);

        var (status, message) = await CallAsync(where, [.. header, 1, 2, 3], null);

        Assert.True(status == 8, $"length {length} via {where}: grpc-status {status} {message}");
    }

    [Fact]
    public async Task A_gzip_message_that_inflates_past_16_MiB_is_resource_exhausted_and_a_good_one_is_read()
    {
        var committee = NewCommittee("GZ");
        var good = new ListActivityFiguresRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto }.ToByteArray();
        var (okStatus, okMessage) = await CallAsync("service", Frame(1, Gzip(good), Gzip(good).Length), "gzip");
        Assert.True(okStatus == 0, $"grpc-status {okStatus} {okMessage}");

        // 20 MiB of zeros as a bytes-free field would be 20 KiB of gzip: small on the wire, too large inflated.
        var bomb = Gzip(new byte[20 * 1024 * 1024]);
        var (status, message) = await CallAsync("service", Frame(1, bomb, bomb.Length), "gzip");
        Assert.True(status == 8, $"grpc-status {status} {message}");
    }

    private static byte[] Frame(byte flag, byte[] payload, int declaredLength)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)declaredLength);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    private async Task<(int Status, string Message)> CallAsync(string where, byte[] body, string? encoding)
    {
        var port = where == "gateway" ? suite.GatewayGrpcPort : suite.EconomyPort;
        using var client = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://localhost:{port}{Method}")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Municipality, null, Roles.MunicipalOffice));
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
            : response.Headers.TryGetValues(name, out var h) ? h.First() : null;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (int.Parse(Header("grpc-status") ?? "-1"), Uri.UnescapeDataString(Header("grpc-message") ?? ""));
    }
}
