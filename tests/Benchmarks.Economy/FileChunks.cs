using Google.Protobuf;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;

namespace NamndFollowUp.Benchmarks.Economy;

/// <summary>A file as a client would stream it: 64 KiB chunks, each a new message, the first with the format.</summary>
public sealed class FileChunks(Stream file, string municipality, string committee, ImportFileFormat format) : IAsyncStreamReader<ImportFileChunk>
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private bool _first = true;

    public ImportFileChunk Current { get; private set; } = null!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var read = await file.ReadAsync(_buffer, cancellationToken);
        if (read == 0)
        {
            return false;
        }
        // Copied, as gRPC hands the service a new message per chunk.
        Current = new ImportFileChunk { MunicipalityCode = municipality, CommitteeCode = committee, Content = ByteString.CopyFrom(_buffer, 0, read) };
        if (_first)
        {
            (Current.Format, Current.FileName, _first) = (format, "ledger", false);
        }
        return true;
    }
}
