namespace NamndFollowUp.Contracts.Economy.V1;

/// <summary>
/// The Content-Types economy's raw REST uploads (imports/csv:upload, imports/sie:upload) accept: part of their
/// contract that no .proto can state, shared by the service that decides and the gateway's OpenAPI document that
/// describes them.
/// </summary>
public static class ImportUploadContentTypes
{
    public static IReadOnlyList<string> Csv { get; } = ["text/csv", "text/plain", "application/octet-stream"];

    /// <summary>SIE 4 is CP437 text with no registered media type; clients send it as bytes or as plain text.</summary>
    public static IReadOnlyList<string> Sie { get; } = ["application/octet-stream", "text/plain"];
}
