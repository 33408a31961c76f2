using Microsoft.Playwright;

namespace NamndFollowUp.Benchmarks.Web;

/// <summary>Largest contentful paint as the browser itself reports it (PerformanceObserver), per navigation.</summary>
public static class Lcp
{
    public sealed record Sample(double LargestContentfulPaint, double ResponseEnd);

    /// <summary>
    /// One warm-up navigation (the app's and the services' first requests compile and fill caches), then
    /// <paramref name="navigations"/> full navigations to <paramref name="path"/>, each a new document.
    /// </summary>
    public static async Task<IReadOnlyList<Sample>> MeasureAsync(IPage page, string path, int navigations)
    {
        // The observer must be in place before the first paint: an init script runs before the page's own.
        await page.Context.AddInitScriptAsync("""
            window.__lcp = 0;
            new PerformanceObserver(list => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
              .observe({ type: 'largest-contentful-paint', buffered: true });
            """);
        var samples = new List<Sample>();
        for (var i = 0; i <= navigations; i++)
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
            // Chromium reports the entry a moment after the paint; the last entry before input is the LCP.
            await page.WaitForFunctionAsync("() => window.__lcp > 0", null, new() { Timeout = 30_000 });
            await page.WaitForTimeoutAsync(250);
            var lcp = await page.EvaluateAsync<double>("() => window.__lcp");
            var responseEnd = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd");
            if (i > 0)
            {
                samples.Add(new Sample(lcp, responseEnd));
            }
        }
        return samples;
    }
}
