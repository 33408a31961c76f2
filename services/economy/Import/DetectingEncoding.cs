using System.Text;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// A decoding-only encoding that takes a file as UTF-8 or Windows-1252 by its first non-ASCII bytes
/// (<see cref="DetectingDecoder"/>): ASCII is the same in both, so nothing before them needs a decision and the
/// file is never read twice. <see cref="Chosen"/> says which it became (null while the text was all ASCII).
/// </summary>
public sealed class DetectingEncoding : Encoding
{
    private DetectingDecoder? _decoder;

    public Encoding? Chosen => _decoder?.Chosen;

    public override Decoder GetDecoder() => _decoder = new DetectingDecoder();

    public override int GetMaxCharCount(int byteCount) => byteCount + 4; // at most one char per byte, and up to 3 held bytes

    public override int GetCharCount(byte[] bytes, int index, int count) => new DetectingDecoder().GetCharCount(bytes, index, count, flush: true);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        new DetectingDecoder().GetChars(bytes, byteIndex, byteCount, chars, charIndex, flush: true);

    // Decoding only: an import never writes text in this encoding.
    public override int GetMaxByteCount(int charCount) => throw new NotSupportedException();
    public override int GetByteCount(char[] chars, int index, int count) => throw new NotSupportedException();
    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw new NotSupportedException();
}
