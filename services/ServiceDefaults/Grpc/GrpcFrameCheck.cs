using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// Reads the length-prefixed frames of a gRPC request as they pass to grpc-dotnet and refuses a broken one by its
/// own status: a compressed flag other than 0 or 1, a compressed frame without a grpc-encoding to read it by, a
/// second message on a call that takes one, or a body that ends inside a frame, is INVALID_ARGUMENT; a length over
/// the receive limit (up to 4 GiB, which grpc-dotnet reads as an IOException) is RESOURCE_EXHAUSTED.
/// grpc-dotnet answers these with UNKNOWN or INTERNAL, which say "our fault" of what is the caller's.
/// </summary>
public sealed class GrpcFrameCheck(RequestDelegate next, IOptions<GrpcServiceOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
            && context.Features.Get<IRequestBodyPipeFeature>() is { } body)
        {
            // The selected endpoint's method says whether the request is one message or a stream of them.
            var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
            var single = method?.Type is MethodType.Unary or MethodType.ServerStreaming;
            // "identity" is no compression: a frame flagged compressed could not be read by it either.
            var encoding = context.Request.Headers["grpc-encoding"].ToString();
            var compressed = encoding.Length > 0 && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase);
            context.Features.Set<IRequestBodyPipeFeature>(new Feature(new FrameReader(body.Reader, options.Value.MaxReceiveMessageSize ?? int.MaxValue, single, compressed)));
        }
        return next(context);
    }

    private sealed class Feature(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }

    private sealed class FrameReader(PipeReader inner, int maxMessageSize, bool single, bool compressed) : PipeReader
    {
        private const int HeaderSize = 5;
        // Offsets from the start of the body: where the buffer last handed out begins, and where the next frame's
        // header begins (every header before it has been checked).
        private long _bufferStart;
        private long _nextHeader;
        private ReadOnlySequence<byte> _buffer;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            Check(result);
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }
            Check(result);
            return true;
        }

        private void Check(ReadResult result)
        {
            _buffer = result.Buffer;
            var end = _bufferStart + _buffer.Length;
            Span<byte> header = stackalloc byte[HeaderSize];
            while (_nextHeader + HeaderSize <= end)
            {
                _buffer.Slice(_nextHeader - _bufferStart, HeaderSize).CopyTo(header);
                if (header[0] > 1)
                {
                    throw Invalid($"the frame at byte {_nextHeader} has the compressed flag {header[0]}; it is 0 or 1");
                }
                if (header[0] == 1 && !compressed)
                {
                    throw Invalid($"the frame at byte {_nextHeader} is flagged compressed, but the request names no grpc-encoding (gzip, deflate) to read it by");
                }
                if (single && _nextHeader > 0)
                {
                    throw Invalid($"a second message begins at byte {_nextHeader}; this method takes exactly one");
                }
                var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
                if (length > (uint)maxMessageSize)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted,
                        $"The message's length prefix says {length} bytes; a message may have at most {maxMessageSize}."));
                }
                _nextHeader += HeaderSize + length;
            }
            if (single && result.IsCompleted && !result.IsCanceled && end == 0)
            {
                throw Invalid("the body holds no message; this method takes exactly one");
            }
            if (result.IsCompleted && !result.IsCanceled && end != _nextHeader && end > 0)
            {
                throw Invalid(end < _nextHeader
                    ? $"the body ends after {end} bytes, inside a message whose length prefix says it ends at byte {_nextHeader}"
                    : $"the body ends after {end} bytes, inside a frame header");
            }
        }

        private static RpcException Invalid(string reason) => new ValidationFailedException("message", reason).ToRpcException();

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            _bufferStart += _buffer.Slice(_buffer.Start, consumed).Length;
            _buffer = default;
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
