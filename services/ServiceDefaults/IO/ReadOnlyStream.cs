namespace NamndFollowUp.ServiceDefaults.IO;

/// <summary>
/// A stream that is only read, front to back: the wrappers the uploads pass through (chunks of a client stream,
/// progress counting, checked decompression) say only how they read, and inherit the refusal of everything else.
/// </summary>
public abstract class ReadOnlyStream : Stream
{
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
