using System.Buffers;
using System.Text;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// Decodes ASCII as it comes until the first byte above 0x7F; the character that byte starts decides the rest
/// of the file: a valid UTF-8 sequence (a byte order mark included) means UTF-8, anything else Windows-1252.
/// A sequence cut by a buffer's end is held until the next buffer completes it.
/// </summary>
public sealed class DetectingDecoder : Decoder
{
    private Decoder? _chosen;
    private byte[] _held = [];

    public Encoding? Chosen { get; private set; }

    public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes, index, count, flush: false);

    public override int GetCharCount(byte[] bytes, int index, int count, bool flush)
    {
        var input = Input(bytes.AsSpan(index, count));
        if (_chosen is not null)
        {
            return _chosen.GetCharCount(input, flush);
        }
        var (ascii, encoding) = Decide(input, flush);
        return ascii + (encoding is null ? 0 : encoding.GetDecoder().GetCharCount(input[ascii..], flush));
    }

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), flush: false);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, bool flush) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), flush);

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush)
    {
        if (_chosen is not null && _held.Length == 0)
        {
            return _chosen.GetChars(bytes, chars, flush);
        }
        var input = Input(bytes);
        _held = [];
        if (_chosen is not null)
        {
            return _chosen.GetChars(input, chars, flush);
        }
        var (ascii, encoding) = Decide(input, flush);
        Ascii.ToUtf16(input[..ascii], chars, out _); // vectorised: most lines of a ledger are ASCII
        if (encoding is null)
        {
            _held = input[ascii..].ToArray(); // the start of a sequence whose end has not arrived
            return ascii;
        }
        Chosen = encoding;
        _chosen = encoding.GetDecoder();
        return ascii + _chosen.GetChars(input[ascii..], chars[ascii..], flush);
    }

    public override void Reset()
    {
        _chosen = null;
        Chosen = null;
        _held = [];
    }

    private ReadOnlySpan<byte> Input(ReadOnlySpan<byte> bytes)
    {
        if (_held.Length == 0)
        {
            return bytes;
        }
        var joined = new byte[_held.Length + bytes.Length];
        _held.CopyTo(joined, 0);
        bytes.CopyTo(joined.AsSpan(_held.Length));
        return joined;
    }

    /// <summary>
    /// The length of the ASCII prefix and, if the bytes after it decide, the encoding (null: all ASCII so far,
    /// or a UTF-8 sequence not yet complete).
    /// </summary>
    private static (int Ascii, Encoding? Encoding) Decide(ReadOnlySpan<byte> input, bool flush)
    {
        var ascii = input.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (ascii < 0)
        {
            return (input.Length, null);
        }
        return Rune.DecodeFromUtf8(input[ascii..], out _, out _) switch
        {
            OperationStatus.Done => (ascii, CsvEncoding.Utf8),
            OperationStatus.NeedMoreData when !flush => (ascii, null),
            _ => (ascii, CsvEncoding.Windows1252),
        };
    }
}
