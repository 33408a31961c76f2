using Microsoft.Extensions.Hosting;

namespace NamndFollowUp.ServiceDefaults.Telemetry;

public static class ProcessName
{
    /// <summary>
    /// "NamndFollowUp.KeyFigures" → "keyfigures": the name a process goes by in its telemetry (service.name), its
    /// queue names and its Kubernetes objects.
    /// </summary>
    public static string Of(IHostEnvironment environment) => environment.ApplicationName.Split('.')[^1].ToLowerInvariant();
}
