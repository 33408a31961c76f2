using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// gRPC through the gateway without generated stubs: any method, any bytes. <see cref="CallAsync"/> uses the
/// gRPC client with an identity marshaller (the bytes are whatever <see cref="Message.ToProtobuf"/> encoded);
/// <see cref="SendRawAsync"/> writes the HTTP/2 request by hand, for what a gRPC client never sends: a path in
/// another letter case, a length prefix that lies, a body that is not gzip under grpc-encoding: gzip.
/// </summary>
public sealed class GrpcWire(FuzzSuite suite) : IDisposable
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(suite.GatewayGrpcAddress, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = 64 * 1024 * 1024,
        MaxSendMessageSize = 64 * 1024 * 1024,
        // The tier judges each answer itself; the client must not retry or hedge.
        MaxRetryAttempts = 0,
    });

    public static TimeSpan Deadline { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Paths go out as spelt: System.Uri would otherwise remove dot segments and unescape some bytes.</summary>
    public static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public async Task<Answer> CallAsync(Rpc rpc, IReadOnlyList<byte[]> messages, string? token, string description, Metadata? extraHeaders = null)
    {
        var d = rpc.Descriptor;
        var type = d.IsClientStreaming
            ? d.IsServerStreaming ? MethodType.DuplexStreaming : MethodType.ClientStreaming
            : d.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var method = new Method<byte[], byte[]>(type, d.Service.FullName, d.Name, Bytes, Bytes);
        var headers = extraHeaders ?? [];
        if (token is not null)
        {
            headers.Add("authorization", $"Bearer {token}");
        }
        var options = new CallOptions(headers, DateTime.UtcNow + Deadline);
        var invoker = _channel.CreateCallInvoker();
        var body = new MemoryStream();
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    body.Write(await invoker.AsyncUnaryCall(method, null, options, messages[0]).ResponseAsync);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, messages[0]))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                            body.Write(call.ResponseStream.Current);
                        }
                    }
                    break;
                default:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        try
                        {
                            foreach (var message in messages)
                            {
                                await call.RequestStream.WriteAsync(message);
                            }
                            await call.RequestStream.CompleteAsync();
                        }
                        catch (RpcException)
                        {
                            // The server answered before taking every chunk (a refusal): its status is the answer.
                        }
                        body.Write(await call.ResponseAsync);
                    }
                    break;
            }
            return new Answer(description, 200, StatusCode.OK, "", null, body.ToArray());
        }
        catch (RpcException e)
        {
            return await suite.CheckedAsync(new Answer(description, 200, e.StatusCode, e.Status.Detail,
                Violations(e.Trailers.GetValueBytes("grpc-status-details-bin")), body.ToArray()));
        }
    }

    /// <summary>One HTTP/2 request to the gateway's gRPC port with exactly these path, headers and body bytes.</summary>
    public async Task<Answer> SendRawAsync(string path, byte[] body, string? token, string description,
        IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(suite.GatewayGrpcAddress + path, Verbatim))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var cts = new CancellationTokenSource(Deadline);
        HttpResponseMessage response;
        try
        {
            response = await suite.H2c.SendAsync(request, HttpCompletionOption.ResponseContentRead, cts.Token);
        }
        catch (HttpRequestException e)
        {
            return await suite.CheckedAsync(new Answer(description, 599, null, $"no answer: {e.Message}", null, []));
        }
        using var _ = response;
        var bytes = await response.Content.ReadAsByteArrayAsync(cts.Token);
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var t) ? t.FirstOrDefault()
            : response.Headers.TryGetValues(name, out var h) ? h.FirstOrDefault() : null;
        var status = Header("grpc-status") is { } s && int.TryParse(s, out var code) ? (StatusCode?)code : null;
        var details = Header("grpc-status-details-bin") is { } b ? Convert.FromBase64String(Pad(b)) : null;
        return await suite.CheckedAsync(new Answer(description, (int)response.StatusCode, status ?? (response.IsSuccessStatusCode ? StatusCode.Unknown : null),
            Uri.UnescapeDataString(Header("grpc-message") ?? ""), Violations(details), bytes));
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');

    /// <summary>The fields a google.rpc.Status's BadRequest names, or null when there is no BadRequest.</summary>
    public static IReadOnlyList<string>? Violations(byte[]? statusDetails)
    {
        if (statusDetails is null)
        {
            return null;
        }
        try
        {
            var status = Google.Rpc.Status.Parser.ParseFrom(statusDetails);
            var badRequest = status.Details.FirstOrDefault(a => a.Is(Google.Rpc.BadRequest.Descriptor))?.Unpack<Google.Rpc.BadRequest>();
            return badRequest?.FieldViolations.Select(v => v.Field).ToList();
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>A gRPC message frame: compressed flag, 4-byte big-endian length, the bytes.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false, uint? declaredLength = null)
    {
        var length = declaredLength ?? (uint)message.Length;
        return [compressed ? (byte)1 : (byte)0, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. message];
    }

    public void Dispose() => _channel.Dispose();
}
