using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults.IO;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// The file as the readers take it, counting its bytes and line feeds for the run's progress as they pass (a
/// vectorised count over each buffer; the file is not read twice). Line feeds are the same byte in UTF-8,
/// Windows-1252 and CP437, so the count holds for every encoding the importers read.
/// </summary>
public sealed class ProgressStream(Stream inner, ImportRunRecorder run) : ReadOnlyStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Count(buffer.AsSpan(offset, read));
        return read;
    }

    private void Count(ReadOnlySpan<byte> bytes) => run.Read(bytes.Length, bytes.Count((byte)'\n'));
}
