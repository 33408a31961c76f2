using System.Reflection;

namespace NamndFollowUp.TestSupport;

/// <summary>The checkout the tests and benchmarks run from: they start the services' own build output from it.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The configuration an assembly was built in, so a test or benchmark starts the services built alongside it
    /// (tests in Debug, benchmarks with -c Release); <paramref name="fallback"/> when the assembly does not say.
    /// </summary>
    public static string ConfigurationOf(Assembly assembly, string fallback) =>
        assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? fallback;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NamndFollowUp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("NamndFollowUp.sln not found above " + AppContext.BaseDirectory);
    }
}
