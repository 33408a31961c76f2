using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// A compression provider (gzip, deflate) whose decompression refuses what is not compressed data as
/// INVALID_ARGUMENT (grpc-dotnet lets the InvalidDataException through as UNKNOWN) and stops a message that
/// inflates past the receive limit with RESOURCE_EXHAUSTED: the limit is checked on the compressed length only,
/// so 16 MiB of gzip could otherwise become gigabytes in memory.
/// </summary>
public sealed class CheckedDecompression(ICompressionProvider inner, int maxMessageSize) : ICompressionProvider
{
    public string EncodingName => inner.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new Checked(inner.CreateDecompressionStream(stream), EncodingName, maxMessageSize);

    private sealed class Checked(Stream inner, string encoding, int maxMessageSize) : IO.ReadOnlyStream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            try
            {
                read = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new ValidationFailedException("message", $"is not {encoding} data, though grpc-encoding says so: {e.Message}").ToRpcException();
            }
            _read += read;
            if (_read > maxMessageSize)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"The message decompresses to more than {maxMessageSize} bytes, the most a message may have."));
            }
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
