using System.Text;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import.Sie;

/// <summary>
/// The lines of an SIE file as its bytes stream in, decoded one line at a time in the encoding the file has
/// declared so far: an SIE file names its encoding (#FORMAT) inside itself, after the first lines, so a
/// decoder fixed at the start could not honour it. ASCII reads the same in CP437 and UTF-8 until then.
/// Holds one buffer of the file (64 KiB, more only for a longer line), never the whole of it.
/// </summary>
public sealed class SieLines(Stream stream)
{
    /// <summary>A line longer than this is not a line of an SIE file (a binary file, or a cut one).</summary>
    public const int MaxLineLength = 1 << 20;

    private byte[] _bytes = new byte[64 * 1024];
    private char[] _chars = new char[64 * 1024];
    private int _start, _end;
    private bool _endOfFile, _first = true;

    public Encoding Encoding { get; set; } = SieEncodings.Cp437;

    /// <summary>Lines returned so far: the number of the last one.</summary>
    public int Number { get; private set; }

    /// <summary>The next line, decoded, valid until the next call; false at the end of the file.</summary>
    public async ValueTask<(bool Read, ReadOnlyMemory<char> Line)> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            var rest = _bytes.AsSpan(_start, _end - _start);
            var stop = rest.IndexOf((byte)'\n');
            if (stop >= 0 || (_endOfFile && rest.Length > 0))
            {
                var length = stop >= 0 ? stop : rest.Length;
                var line = rest[..length];
                _start += stop >= 0 ? stop + 1 : rest.Length;
                if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
                if (_first)
                {
                    _first = false;
                    if (line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                    {
                        Encoding = SieEncodings.Utf8; // a byte order mark says UTF-8 before #FORMAT can
                        line = line[3..];
                    }
                }
                Number++;
                if (line.IndexOf((byte)0) >= 0)
                {
                    throw new ValidationFailedException($"line {Number}", "holds a NUL byte: not a line of an SIE file (a binary file?); nothing was imported");
                }
                if (_chars.Length < line.Length) _chars = new char[line.Length];
                // Most lines are ASCII, which reads the same in CP437 and UTF-8: widened in one vectorised pass; the
                // code-page decoder (a table lookup a byte) only for a line with å, ä, ö or other non-ASCII bytes.
                var count = Ascii.ToUtf16(line, _chars, out var widened) == System.Buffers.OperationStatus.Done
                    ? widened
                    : Encoding.GetChars(line, _chars);
                return (true, _chars.AsMemory(0, count));
            }
            if (_endOfFile)
            {
                return (false, default);
            }
            if (_start > 0)
            {
                rest.CopyTo(_bytes);
                _end -= _start;
                _start = 0;
            }
            if (_end == _bytes.Length)
            {
                if (_bytes.Length >= MaxLineLength)
                {
                    throw new ValidationFailedException($"line {Number + 1}", $"is longer than {MaxLineLength:N0} bytes: not a line of an SIE file; nothing was imported");
                }
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }
            var read = await stream.ReadAsync(_bytes.AsMemory(_end), ct);
            _end += read;
            _endOfFile = read == 0;
        }
    }
}
