using System.Diagnostics;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// When each part of a composed page was asked for and when its answer came, from the start of the page's reading,
/// logged at Debug: where a slow page's time goes (docs/web.md, "Speed"). Switch it on with
/// <c>Logging__LogLevel__NamndFollowUp.Web.Gateway=Debug</c>; at the default level it costs a stopwatch.
/// </summary>
public sealed class PartTimer(ILogger logger, string page)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<T> TimeAsync<T>(string part, Func<Task<T>> read)
    {
        var started = _clock.Elapsed.TotalMilliseconds;
        try
        {
            return await read();
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var ended = _clock.Elapsed.TotalMilliseconds;
                logger.LogDebug("{Page}: {Part} {Started:0} → {Ended:0} ms ({Duration:0} ms)", page, part, started, ended, ended - started);
            }
        }
    }

    public void Done() => logger.LogDebug("{Page} composed in {Total:0} ms", page, _clock.Elapsed.TotalMilliseconds);
}
