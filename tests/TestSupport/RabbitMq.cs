using System.Diagnostics;

namespace NamndFollowUp.TestSupport;

/// <summary>
/// The local RabbitMQ node, controlled with rabbitmqctl (tests and benchmarks run where infra-up.sh ran).
/// NF_TEST_RABBITMQ_HOST names another host for the services' connections.
/// </summary>
public static class RabbitMq
{
    public static string Host => System.Environment.GetEnvironmentVariable("NF_TEST_RABBITMQ_HOST") ?? "localhost";

    /// <summary>The services' connection string: guest on <see cref="Host"/>, the given virtual host ("" = the default one).</summary>
    public static string ConnectionString(string virtualHost) => $"amqp://guest:guest@{Host}:5672/{virtualHost}";

    /// <summary>Runs rabbitmqctl; throws when it fails, unless <paramref name="allowFailure"/>.</summary>
    public static void Run(string arguments, bool allowFailure = false)
    {
        var (exitCode, stderr) = Ctl(arguments);
        if (exitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"rabbitmqctl {arguments} failed ({exitCode}): {stderr}");
        }
    }

    /// <summary>Runs rabbitmqctl; false when it failed or is not installed here.</summary>
    public static bool TryRun(string arguments)
    {
        try
        {
            return Ctl(arguments).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>A virtual host of a run's own, guest allowed everything in it.</summary>
    public static void AddVirtualHost(string virtualHost)
    {
        Run($"add_vhost {virtualHost}");
        Run($"set_permissions -p {virtualHost} guest .* .* .*");
    }

    /// <summary>As <see cref="AddVirtualHost"/>; false when rabbitmqctl failed or is not installed here.</summary>
    public static bool TryAddVirtualHost(string virtualHost) =>
        TryRun($"add_vhost {virtualHost}") && TryRun($"set_permissions -p {virtualHost} guest .* .* .*");

    private static (int ExitCode, string Stderr) Ctl(string arguments)
    {
        var ctl = File.Exists("/usr/sbin/rabbitmqctl") ? "/usr/sbin/rabbitmqctl" : "rabbitmqctl";
        using var process = Process.Start(new ProcessStartInfo(ctl, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }
}
