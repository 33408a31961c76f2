namespace NamndFollowUp.Economy.Import.Sie;

/// <summary>
/// The fields of one SIE line, read without allocating: space- or tab-separated, "quoted" with \" escapes,
/// {object lists} whose items are fields of their own. The unescaped text lives in one reused buffer.
/// </summary>
public sealed class SieFields
{
    private char[] _text = new char[512];
    private int _used;
    private readonly List<(int Start, int Length, int ListFrom, int ListCount)> _fields = [];
    private readonly List<(int Start, int Length)> _items = [];

    public int Count => _fields.Count;

    public ReadOnlySpan<char> this[int index] => _text.AsSpan(_fields[index].Start, _fields[index].Length);

    /// <summary>-1 when the field is not an object list, else the number of its items.</summary>
    public int ListCount(int index) => _fields[index].ListCount;

    public ReadOnlySpan<char> ListItem(int field, int item)
    {
        var (start, length) = _items[_fields[field].ListFrom + item];
        return _text.AsSpan(start, length);
    }

    /// <summary>Reads <paramref name="line"/>; the reason when it is not well formed.</summary>
    public string? Parse(ReadOnlySpan<char> line)
    {
        _fields.Clear();
        _items.Clear();
        _used = 0;
        if (_text.Length < line.Length)
        {
            _text = new char[Math.Max(line.Length, _text.Length * 2)];
        }
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t') i++;
            if (i >= line.Length)
            {
                return null;
            }
            if (line[i] == '{')
            {
                var listFrom = _items.Count;
                i++;
                while (true)
                {
                    while (i < line.Length && line[i] is ' ' or '\t') i++;
                    if (i >= line.Length)
                    {
                        return "an object list '{' is not closed";
                    }
                    if (line[i] == '}')
                    {
                        i++;
                        break;
                    }
                    var (start, error) = Token(line, ref i, stopAtBrace: true);
                    if (error is not null) return error;
                    _items.Add((start, _used - start));
                }
                _fields.Add((0, 0, listFrom, _items.Count - listFrom));
            }
            else
            {
                var (start, error) = Token(line, ref i, stopAtBrace: false);
                if (error is not null) return error;
                _fields.Add((start, _used - start, 0, -1));
            }
        }
    }

    private (int Start, string? Error) Token(ReadOnlySpan<char> line, ref int i, bool stopAtBrace)
    {
        var start = _used;
        if (line[i] == '"')
        {
            i++;
            while (i < line.Length && line[i] != '"')
            {
                if (line[i] == '\\' && i + 1 < line.Length) i++;
                _text[_used++] = line[i++];
            }
            if (i >= line.Length)
            {
                return (start, "a quoted field is not closed");
            }
            i++;
            return (start, null);
        }
        while (i < line.Length && line[i] is not (' ' or '\t') && !(stopAtBrace && line[i] == '}'))
        {
            _text[_used++] = line[i++];
        }
        return (start, null);
    }

    /// <summary>Every field's text in order (list items one by one), as #KSUMMA sums them.</summary>
    public void AddTo(SieChecksum checksum)
    {
        foreach (var (start, length, listFrom, listCount) in _fields)
        {
            if (listCount < 0)
            {
                checksum.Add(_text.AsSpan(start, length));
                continue;
            }
            for (var j = 0; j < listCount; j++)
            {
                checksum.Add(_text.AsSpan(_items[listFrom + j].Start, _items[listFrom + j].Length));
            }
        }
    }
}
