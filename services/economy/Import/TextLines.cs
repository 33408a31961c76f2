using System.Text;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// The lines of a text file decoded while its bytes stream in, a buffer at a time, so an import holds one
/// buffer of the file, never the whole of it. Lines end at "\n", "\r\n" or "\r". A line is a span into the
/// buffer, valid until the next <see cref="FillAsync"/>:
/// <code>while (await lines.FillAsync(ct)) while (lines.TryRead(out var line)) …</code>
/// </summary>
public sealed class TextLines(Stream stream, Encoding encoding)
{
    /// <summary>What reads an import file: each line with its number, as it arrives.</summary>
    public interface IReader
    {
        void Read(ReadOnlySpan<char> line, int number);
    }

    /// <summary>Hands every line of <paramref name="stream"/> to <paramref name="reader"/>; returns the number of lines.</summary>
    public static async Task<int> ReadAllAsync(Stream stream, Encoding encoding, IReader reader, CancellationToken ct)
    {
        var lines = new TextLines(stream, encoding);
        while (await lines.FillAsync(ct))
        {
            while (lines.TryRead(out var line))
            {
                reader.Read(line, lines.Number);
            }
        }
        return lines.Number;
    }

    /// <summary>A line longer than this is not a line of an import file (a binary file, or a quote never closed).</summary>
    public const int MaxLineLength = 1 << 20;

    private readonly StreamReader _reader = new(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
    private char[] _buffer = new char[64 * 1024];
    private int _start, _end;
    private bool _endOfFile;

    /// <summary>Lines returned so far: the number of the last one.</summary>
    public int Number { get; private set; }

    public async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (!Prepare())
        {
            return _start < _end;
        }
        var read = await _reader.ReadAsync(_buffer.AsMemory(_end), ct);
        return Filled(read);
    }

    public bool TryRead(out ReadOnlySpan<char> line)
    {
        var rest = _buffer.AsSpan(_start, _end - _start);
        var stop = rest.IndexOfAny('\n', '\r');
        if (stop < 0 || (rest[stop] == '\r' && stop + 1 == rest.Length && !_endOfFile))
        {
            if (_endOfFile && rest.Length > 0)
            {
                // The last line has no line break.
                line = rest;
                _start = _end;
                Number++;
                return true;
            }
            line = default; // the rest of the line has not arrived yet (or "\r" may be followed by "\n")
            return false;
        }
        line = rest[..stop];
        _start += stop + (rest[stop] == '\r' && stop + 1 < rest.Length && rest[stop + 1] == '\n' ? 2 : 1);
        Number++;
        return true;
    }

    /// <summary>Moves the unread part to the front, growing the buffer for a long line; false at the end of the file.</summary>
    private bool Prepare()
    {
        if (_endOfFile)
        {
            return false;
        }
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineLength)
            {
                throw new ValidationFailedException($"line {Number + 1}", $"is longer than {MaxLineLength:N0} characters: not a line of an import file");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        return true;
    }

    private bool Filled(int read)
    {
        _end += read;
        _endOfFile = read == 0;
        return _start < _end || !_endOfFile;
    }
}
