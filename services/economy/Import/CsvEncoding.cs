using System.Text;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Import;

/// <summary>
/// Which encoding a CSV upload is read in. A declared charset (the raw upload's Content-Type, e.g.
/// <c>text/csv; charset=windows-1252</c>) is obeyed: utf-8, or windows-1252 (also iso-8859-1/latin1, which
/// browsers and Excel mean by it); any other is refused. Without one the bytes decide
/// (<see cref="DetectingEncoding"/>): a UTF-8 byte order mark, or non-ASCII text that is valid UTF-8, means
/// UTF-8; the first non-ASCII byte that is not UTF-8 means Windows-1252 (Swedish Excel's "CSV (semikolonavgränsad)").
/// </summary>
public static class CsvEncoding
{
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static Encoding Windows1252 { get; } = CodePage(1252);

    private static Encoding CodePage(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    /// <summary>The encoding for a declared charset (null or empty: detect from the bytes).</summary>
    public static Encoding For(string? charset) => charset?.Trim().Trim('"').ToLowerInvariant() switch
    {
        null or "" => new DetectingEncoding(),
        "utf-8" or "utf8" => Utf8,
        "windows-1252" or "cp1252" or "iso-8859-1" or "latin1" or "iso-latin-1" => Windows1252,
        var other => throw new ValidationFailedException("content_type", $"charset '{other}' is not read: send the CSV as utf-8 or windows-1252, or declare no charset to have it detected"),
    };

    /// <summary>The charset parameter of a Content-Type header, or null.</summary>
    public static string? Charset(string? contentType) =>
        contentType?.Split(';').Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim()).FirstOrDefault();
}
