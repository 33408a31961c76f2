using NamndFollowUp.Economy.Infrastructure;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// The file as the readers take it, counting its bytes and line feeds for the run's progress as they pass (a
/// vectorised count over each buffer; the file is not read twice). Line feeds are the same byte in UTF-8,
/// Windows-1252 and CP437, so the count holds for every encoding the importers read.
/// </summary>
public sealed class ProgressStream(Stream inner, ImportRunRecorder run) : Stream
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

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
