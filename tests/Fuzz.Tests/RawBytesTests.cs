using System.IO.Compression;
using CsCheck;
using Google.Protobuf;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Bytes no gRPC client would send, to every RPC through the gateway's gRPC port: malformed protobuf, invalid
/// UTF-8 (generated into any string field), length prefixes that lie, bodies that are not gzip under
/// grpc-encoding: gzip, nesting beyond the parser's limit. The same properties as every generated request.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class RawBytesTests(FuzzSuite suite)
{
    public enum Spoil
    {
        RandomBytes, Truncated, LengthPrefixTooLong, HugeLengthPrefix, NotGzipUnderGzip, CompressedWithoutEncoding,
        GzipOfGarbage, UnknownEncoding, DeepGroups, InvalidWireType, OverflowingLength, NoFrame, HalfAHeader, TwoMessages,
    }

    [Fact]
    public async Task Malformed_frames_and_protobuf_to_every_rpc_are_refused_without_a_server_error()
    {
        var fuzzer = suite.Fuzzer;
        var requests = Gen.OneOf(Contract.Rpcs.ToArray())
            .SelectMany(rpc => fuzzer.Generators.Request(rpc).Select(m => (Rpc: rpc, Message: m)));
        await Budget.SampleAsync("raw frames", Budget.Iterations * 20, (iter, seed) => Gen.Select(requests, Gen.Enum<Spoil>(), Gen.Byte.Array[0, 64]).SampleAsync(async (request, spoil, noise) =>
            {
                var (body, headers) = Build(request.Message.ToProtobuf(), spoil, noise);
                if (request.Rpc.NeedsServiceHeader)
                {
                    headers.Add(("namnd-service", "economy"));
                }
                var before = await fuzzer.Stored.BeforeAsync(request.Rpc);
                var answer = await fuzzer.Grpc.SendRawAsync(request.Rpc.Path, body, fuzzer.OwnToken,
                    $"raw gRPC {request.Rpc.Path} {spoil}: {Describe.Shorten(Convert.ToHexString(body), 200)} (message {request.Message})", headers);
                await fuzzer.HoldAsync(request.Rpc, answer, before);
            },
            iter: iter, threads: 1, seed: seed, print: t => $"{t.Item2} {t.Item1.Rpc.Path}: {t.Item1.Message}"));
    }

    public static (byte[] Body, List<(string, string)> Headers) Build(byte[] message, Spoil spoil, byte[] noise)
    {
        var headers = new List<(string, string)>();
        byte[] body = spoil switch
        {
            Spoil.RandomBytes => GrpcWire.Frame(noise),
            Spoil.Truncated => GrpcWire.Frame(message[..(message.Length / 2)], declaredLength: (uint)message.Length / 2),
            Spoil.LengthPrefixTooLong => GrpcWire.Frame(message, declaredLength: (uint)message.Length + 1_000),
            Spoil.HugeLengthPrefix => GrpcWire.Frame(message, declaredLength: 0xFFFF_FFF0),
            Spoil.NotGzipUnderGzip => GrpcWire.Frame(message, compressed: true),
            Spoil.CompressedWithoutEncoding => GrpcWire.Frame(Gzip(message), compressed: true),
            Spoil.GzipOfGarbage => GrpcWire.Frame(Gzip([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. noise]), compressed: true),
            Spoil.UnknownEncoding => GrpcWire.Frame(message, compressed: true),
            Spoil.DeepGroups => GrpcWire.Frame(DeepGroups(500)),
            Spoil.InvalidWireType => GrpcWire.Frame([0x0F, .. noise]),
            Spoil.OverflowingLength => GrpcWire.Frame([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. noise]),
            Spoil.NoFrame => [],
            Spoil.HalfAHeader => [0, 0, 0],
            Spoil.TwoMessages => [.. GrpcWire.Frame(message), .. GrpcWire.Frame(message)],
            _ => throw new ArgumentOutOfRangeException(nameof(spoil)),
        };
        if (spoil is Spoil.NotGzipUnderGzip or Spoil.GzipOfGarbage)
        {
            headers.Add(("grpc-encoding", "gzip"));
        }
        if (spoil == Spoil.UnknownEncoding)
        {
            headers.Add(("grpc-encoding", "x-fuzz"));
        }
        return (body, headers);
    }

    /// <summary>Start groups of an unknown field nested deeper than the parser's recursion limit (100).</summary>
    private static byte[] DeepGroups(int depth)
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        for (var i = 0; i < depth; i++)
        {
            output.WriteTag(99, WireFormat.WireType.StartGroup);
        }
        for (var i = 0; i < depth; i++)
        {
            output.WriteTag(99, WireFormat.WireType.EndGroup);
        }
        output.Flush();
        return memory.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return memory.ToArray();
    }
}
