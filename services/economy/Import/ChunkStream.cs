using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.IO;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// A client-streamed file as a read-only stream: the next chunk is received only when the reader has used
/// up the last, so the file is never held whole. Every chunk must name the first chunk's committee.
/// </summary>
public sealed class ChunkStream(ImportFileChunk first, IAsyncStreamReader<ImportFileChunk> chunks) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _current = first.Content.Memory;
    private int _chunk = 1;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current.IsEmpty)
        {
            if (!await chunks.MoveNext(cancellationToken))
            {
                return 0;
            }
            _chunk++;
            var next = chunks.Current;
            if (next.MunicipalityCode != first.MunicipalityCode || next.CommitteeCode != first.CommitteeCode)
            {
                throw new ValidationFailedException($"chunk {_chunk}", $"is for {next.MunicipalityCode}/{next.CommitteeCode}, the file for {first.MunicipalityCode}/{first.CommitteeCode}; every chunk names the same committee");
            }
            _current = next.Content.Memory;
        }
        var count = Math.Min(buffer.Length, _current.Length);
        _current[..count].CopyTo(buffer);
        _current = _current[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Waiting for the client synchronously would hold a thread per upload.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("a chunk stream is read asynchronously");
}
