namespace NamndFollowUp.Contracts.KeyFigures.V1;

/// <summary>
/// The Content-Types key figures' raw Kolada upload (kolada-values:upload) accepts: Kolada's API response as
/// it is (JSON), or the text form with its header line. Shared by the service that decides and the gateway's
/// OpenAPI document that describes them.
/// </summary>
public static class KoladaUploadContentTypes
{
    public static IReadOnlyList<string> All { get; } = ["application/json", "text/csv", "text/plain"];
}
