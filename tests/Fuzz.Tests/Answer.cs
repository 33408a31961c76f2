using System.Text;
using Grpc.Core;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// What the suite answered to one request, as much as the properties need: the HTTP status, the gRPC status (for
/// gRPC), the field violations of a google.rpc.BadRequest (null when the answer carried none) and the body.
/// </summary>
public sealed record Answer(string Request, int HttpStatus, StatusCode? Grpc, string Detail, IReadOnlyList<string>? FieldViolations, byte[] Body)
{
    public bool IsOk => Grpc is null ? HttpStatus is >= 200 and < 300 : Grpc == StatusCode.OK;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public override string ToString() =>
        $"{Request}\n  → HTTP {HttpStatus}{(Grpc is { } s ? $", gRPC {s}" : "")}: {Describe.Shorten(Detail, 300)}"
        + (FieldViolations is { } v ? $" [violations: {string.Join(", ", v.Select(f => $"'{f}'"))}]" : "")
        + (Body.Length > 0 && Grpc is null ? $"\n  body: {Describe.Shorten(BodyText, 400)}" : "");
}
