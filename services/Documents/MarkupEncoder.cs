using System.Text;
using System.Text.Encodings.Web;

namespace NamndFollowUp.Documents;

/// <summary>
/// Encodes only what HTML markup needs (&amp; &lt; &gt; " '). The framework's HtmlEncoder also turns the no-break space of
/// "32 380" and other characters a UTF-8 page carries as they are into numeric references, which makes the
/// document's source unreadable and its text unsearchable as written.
/// </summary>
public sealed class MarkupEncoder : TextEncoder
{
    public static readonly MarkupEncoder Instance = new();

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            if (NeedsEncoding(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var replacement = unicodeScalar switch
        {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => null,
        };
        if (replacement is null)
        {
            var rune = new Rune(unicodeScalar);
            var written = rune.Utf16SequenceLength;
            if (bufferLength < written)
            {
                numberOfCharactersWritten = 0;
                return false;
            }
            rune.EncodeToUtf16(new Span<char>(buffer, bufferLength));
            numberOfCharactersWritten = written;
            return true;
        }
        if (bufferLength < replacement.Length)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        for (var i = 0; i < replacement.Length; i++)
        {
            buffer[i] = replacement[i];
        }
        numberOfCharactersWritten = replacement.Length;
        return true;
    }

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is '&' or '<' or '>' or '"' or '\'';

    private static bool NeedsEncoding(char c) => c is '&' or '<' or '>' or '"' or '\'';
}
