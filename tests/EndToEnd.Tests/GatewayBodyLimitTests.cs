using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The gateway's body limit (64 MiB in appsettings) holds for ordinary calls, and the raw file uploads, which
/// stream, may be larger: a committee's ledger for a year can pass the limit an ordinary JSON call needs.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class GatewayBodyLimitTests(Suite suite)
{
    [Fact]
    public async Task A_body_over_the_limit_to_an_ordinary_route_is_refused_with_413()
    {
        var committee = NewCommittee("BL");
        // Declared 70 MB, over the configured 64 MiB: refused at the gateway before anything reaches a
        // service. Only the head is sent, over a plain socket: a client that kept writing the
        // body would see the connection closed under it once the gateway has answered.
        var gateway = suite.Rest.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST {EconomyPath(committee, "figures")} HTTP/1.1\r\nHost: {gateway.Authority}\r\n" +
            $"Authorization: Bearer {suite.Token(Municipality, committee, Roles.CommitteeWriter)}\r\nContent-Type: application/json\r\n" +
            "Content-Length: 70000000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413", statusLine);
    }

    [Fact]
    public async Task A_ledger_upload_larger_than_the_ordinary_limit_goes_through_the_gateway_and_is_imported()
    {
        var committee = NewCommittee("BU");
        // 1 700 000 ledger lines of 1,00 kronor each (about 75 MB): over the 64 MiB an ordinary call may send.
        const int lines = 1_700_000;
        var csv = new StringBuilder("record;fields\n", lines * 45);
        for (var i = 0; i < lines; i++)
        {
            csv.Append("ledger;2024-helår;5731;STOR;4010;1.00;actual\n");
        }
        var content = Encoding.UTF8.GetBytes(csv.ToString());
        Assert.True(content.Length > 64 * 1024 * 1024, $"the file is only {content.Length} bytes");
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv:upload"), body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(lines + 1, JsonNode.Parse(text)!["lines"]!.GetValue<int>());
        var figures = (await new EconomyService.EconomyServiceClient(suite.Grpc).ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Figures;
        // Every line is 1,00 of costs on the same unit: the unit's costs are the number of lines.
        var unit = figures.Single(f => f.ActivityCode == "5731" && f.UnitCode == "STOR");
        Assert.Equal(lines * 1.00m, unit.Costs.ToDecimal());
    }
}
