using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace NamndFollowUp.Web.Tests;

/// <summary>What the browser tests do as a person would: sign in with the development form, look, check with axe.</summary>
public static class Browser
{
    public static async Task<IPage> SignedInPageAsync(WebSuite suite, string role, string? committee = null)
    {
        var context = await suite.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = suite.WebAddress, Locale = "sv-SE", ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("Kommunkod").FillAsync(WebSuite.Municipality);
        await page.Locator($"input[name=role][value={role}]").CheckAsync();
        if (committee is not null)
        {
            await page.GetByLabel("Nämnd (för nämndens roller)").FillAsync(committee);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    /// <summary>axe-core with the rules of WCAG 2.0 and 2.1, levels A and AA; every violation with where it is.</summary>
    public static async Task<string[]> AccessibilityViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToArray();
    }

    /// <summary>Kept as an artifact of the run (and copied into docs/web/ for docs/web.md).</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebSuite.ArtifactDirectory, name + ".png"), FullPage = true });
}
