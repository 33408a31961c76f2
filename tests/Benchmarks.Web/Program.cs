using System.Globalization;
using NamndFollowUp.Benchmarks.Web;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.TestSupport;
using NamndFollowUp.Web.Tests;

// dotnet run --project tests/Benchmarks.Web [-- --navigations 11 --output docs/benchmarks-web.md]
var options = Options.Parse(args);
var loadBefore = Machine.LoadAverage();
var suite = new WebSuite();
Console.WriteLine("Starting economy, planning, keyfigures, the gateway and the web app; loading the demo and fourteen more committees…");
await suite.InitializeAsync();
try
{
    var page = await Browser.SignedInPageAsync(suite, Roles.MunicipalOffice);
    var samples = await Lcp.MeasureAsync(page, "/oversikt", options.Navigations);
    var rows = await page.Locator("#committees tbody tr").CountAsync();
    if (rows != 15)
    {
        throw new InvalidOperationException($"the overview showed {rows} committees, not 15: the measurement would not be of the page the issue names");
    }
    await Report.WriteAsync(options, samples, loadBefore);
    Console.WriteLine(File.ReadAllText(options.Output));
}
finally
{
    await suite.DisposeAsync();
}
