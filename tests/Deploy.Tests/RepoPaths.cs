namespace NamndFollowUp.Deploy.Tests;

public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root: the nearest directory above the test binaries holding NamndFollowUp.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static string K8sDir => Path.Combine(Root, "deploy", "k8s");
    public static string BaseDir => Path.Combine(K8sDir, "base");
    public static string OverlaysDir => Path.Combine(K8sDir, "overlays");
    public static string CrdDir => Path.Combine(K8sDir, "crds");
    public static string DockerDir => Path.Combine(Root, "deploy", "docker");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NamndFollowUp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains NamndFollowUp.sln.");
    }
}
