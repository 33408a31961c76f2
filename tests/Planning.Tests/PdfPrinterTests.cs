using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NamndFollowUp.Documents;

namespace NamndFollowUp.Planning.Tests;

public sealed class PdfPrinterTests
{
    private static PdfPrinter With(string chromium) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Pdf:Chromium"] = chromium }).Build(),
        NullLogger<PdfPrinter>.Instance);

    [Fact]
    public async Task Without_chromium_the_caller_is_told_what_is_missing()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => With("/nonexistent/chromium").PrintAsync("<p>x</p>", CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("chromium", e.Status.Detail);
    }

    [Fact]
    public async Task With_Debians_chromium_the_document_comes_out_as_a_pdf()
    {
        var pdf = await With("/usr/bin/chromium").PrintAsync("<!DOCTYPE html><html lang=\"sv\"><meta charset=\"utf-8\"><h1>Bilaga 1 – Uppföljning</h1></html>", CancellationToken.None);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.True(pdf.Length > 1000);
    }
}
