using System.Text;

namespace NamndFollowUp.Economy.Import.Sie;

/// <summary>
/// #KSUMMA as the SIE 4 specification defines it: CRC-32 (the reflected polynomial 0xEDB88320 with
/// initial value and final XOR 0xFFFFFFFF, the zlib one) over the label and every field of every record
/// between the opening #KSUMMA and the closing one, in the file's encoding, without separators, quotes,
/// braces or line ends. Checked against five published files (Norstedts Bokslut, Visma Compact) by a script
/// written apart from this code (tests/Economy.Tests/Fixtures/sie/README.md).
/// </summary>
public sealed class SieChecksum(Encoding encoding)
{
    private static readonly uint[] Table = MakeTable();
    private readonly byte[] _bytes = new byte[4096];
    private uint _crc = 0xFFFFFFFF;

    public void Add(ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            // At most 1 024 characters a time: four bytes each at worst in UTF-8.
            var part = text[..Math.Min(text.Length, 1024)];
            var written = encoding.GetBytes(part, _bytes);
            foreach (var b in _bytes.AsSpan(0, written))
            {
                _crc = (_crc >> 8) ^ Table[(_crc ^ b) & 0xFF];
            }
            text = text[part.Length..];
        }
    }

    public uint Value => _crc ^ 0xFFFFFFFF;

    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
            }
            table[i] = c;
        }
        return table;
    }
}
