using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace NamndFollowUp.Documents;

/// <summary>
/// Prints a document's HTML to PDF with headless Chromium (Debian's <c>chromium</c>, installed by
/// scripts/render-tools.sh; Pdf:Chromium names another binary). The page size, margins, running header and
/// "Sida X (Y)" come from the document's own CSS (@page with margin boxes, which Chromium prints since 131), so the
/// command line prints no header or footer of its own. One short-lived process per document, bounded in time,
/// files in a private temp folder.
/// </summary>
public sealed class PdfPrinter(IConfiguration configuration, ILogger<PdfPrinter> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    // Two printers at most: each Chromium takes a few hundred MB.
    private static readonly SemaphoreSlim Slots = new(2);

    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        var chromium = configuration["Pdf:Chromium"] ?? "chromium";
        var folder = Directory.CreateTempSubdirectory("document-");
        await Slots.WaitAsync(ct);
        try
        {
            var input = Path.Combine(folder.FullName, "document.html");
            var output = Path.Combine(folder.FullName, "document.pdf");
            await File.WriteAllTextAsync(input, html, ct);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                // No network: the document is self-contained, so nothing it names is fetched.
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
                    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                    $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={output}", new Uri(input).AbsoluteUri,
                },
            };
            using var process = StartOrExplain(start, chromium);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"printing the PDF took longer than {Timeout.TotalSeconds:0} s"));
            }
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                logger.LogWarning("Chromium exited with {ExitCode}: {Errors}", process.ExitCode, await stderr);
                throw new RpcException(new Status(StatusCode.Internal, $"Chromium could not print the document (exit code {process.ExitCode})"));
            }
            return await File.ReadAllBytesAsync(output, ct);
        }
        finally
        {
            Slots.Release();
            try { folder.Delete(recursive: true); } catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start, string chromium)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"PDF printing needs headless Chromium: run scripts/render-tools.sh (Debian's 'chromium') or set Pdf:Chromium (tried '{chromium}')"));
        }
    }
}
