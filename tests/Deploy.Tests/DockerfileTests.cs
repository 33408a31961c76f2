using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>A Dockerfile reduced to its instructions (continuation lines joined, comments dropped).</summary>
public sealed record DockerInstruction(string Keyword, string Arguments);

public static partial class Dockerfile
{
    public static string PathOf(SuiteProcess process) => Path.Combine(RepoPaths.DockerDir, $"{process.Name}.Dockerfile");

    public static IReadOnlyList<DockerInstruction> Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var pending = "";
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? new DockerInstruction(full.ToUpperInvariant(), "")
                : new DockerInstruction(full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }

        return instructions;
    }

    [GeneratedRegex(@"\bdotnet\s+publish\s+(?<project>\S+\.csproj)\b")]
    public static partial Regex PublishRegex();
}

public sealed class DockerfileTests
{
    private static IReadOnlyList<DockerInstruction> Load(SuiteProcess process)
    {
        var path = Dockerfile.PathOf(process);
        Assert.True(File.Exists(path), $"{path} is missing");
        return Dockerfile.Parse(File.ReadAllText(path));
    }

    private static string PublishedProject(IReadOnlyList<DockerInstruction> instructions)
    {
        var publishes = instructions
            .Where(i => i.Keyword == "RUN")
            .Select(i => Dockerfile.PublishRegex().Match(i.Arguments))
            .Where(m => m.Success)
            .ToList();
        return Assert.Single(publishes).Groups["project"].Value;
    }

    [Theory]
    [MemberData(nameof(Suite.ProcessNames), MemberType = typeof(Suite))]
    public void Dockerfile_base_images_are_pinned_dotnet_10(string name)
    {
        var froms = Load(Suite.Get(name)).Where(i => i.Keyword == "FROM").ToList();
        Assert.True(froms.Count >= 2, "expected a multi-stage build");

        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var from in froms)
        {
            var parts = from.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.StartsWith("--", StringComparison.Ordinal))
                .ToList();
            var image = parts[0];
            if (!stages.Contains(image))
            {
                var tag = ManifestChecks.ImageTag(image);
                Assert.False(tag is null, $"FROM {image} has no tag");
                Assert.NotEqual("latest", tag, StringComparer.OrdinalIgnoreCase);
            }

            if (parts.Count == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                stages.Add(parts[2]);
            }
        }

        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", froms[0].Arguments + " ", StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0 ", froms[^1].Arguments + " ", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Suite.ProcessNames), MemberType = typeof(Suite))]
    public void Dockerfile_publishes_its_process_and_runs_it_as_non_root(string name)
    {
        var process = Suite.Get(name);
        var instructions = Load(process);

        Assert.Equal(process.Csproj, PublishedProject(instructions));
        var publish = instructions.Single(i => i.Keyword == "RUN" && Dockerfile.PublishRegex().IsMatch(i.Arguments)).Arguments;
        Assert.Matches(@"\s-c\s+Release\b", publish);
        Assert.Matches(@"\s-o\s+/app\b", publish);

        // The runtime stage: everything after the last FROM.
        var lastFrom = instructions.Select((i, index) => (i, index)).Last(x => x.i.Keyword == "FROM").index;
        var runtime = instructions.Skip(lastFrom + 1).ToList();
        Assert.Equal("$APP_UID", Assert.Single(runtime, i => i.Keyword == "USER").Arguments);
        var entrypoint = Assert.Single(runtime, i => i.Keyword == "ENTRYPOINT").Arguments;
        Assert.Equal($"[\"dotnet\", \"{process.Dll}\"]", entrypoint);

        var exposed = runtime.Where(i => i.Keyword == "EXPOSE")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        Assert.Equal(process.Ports.Append(Suite.MetricsPort).Order(), exposed);

        // ... and the same ports the Deployment declares.
        var container = ManifestSet.LoadRepository().MainContainerOf(process);
        Assert.NotNull(container);
        Assert.Equal(exposed, (container.Ports ?? []).Select(p => p.ContainerPort).Order());
    }

    /// <summary>
    /// The project each Dockerfile publishes exists in the repository, and builds the assembly its ENTRYPOINT runs.
    /// Fails while a process's project has not been added yet.
    /// </summary>
    [Theory]
    [MemberData(nameof(Suite.ProcessNames), MemberType = typeof(Suite))]
    public void Dockerfile_publishes_a_project_that_exists_and_builds_the_entrypoint_assembly(string name)
    {
        var process = Suite.Get(name);
        var project = PublishedProject(Load(process));
        Assert.Contains(project, Suite.All.Select(p => p.Csproj));

        var path = Path.Combine(RepoPaths.Root, project);
        Assert.True(File.Exists(path), $"{project} does not exist in the repository (yet)");

        var csproj = XDocument.Load(path);
        var assemblyName = csproj.Descendants("AssemblyName").LastOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(path);
        Assert.Equal(process.Dll, assemblyName + ".dll");
    }

    [Fact]
    public void Dockerfile_parser_joins_continuations_and_skips_comments()
    {
        var parsed = Dockerfile.Parse("# c\nFROM a:1 AS b\nRUN x \\\n    dotnet publish p/q.csproj -c Release\n\nUSER $APP_UID\n");
        Assert.Equal(["FROM", "RUN", "USER"], parsed.Select(i => i.Keyword));
        Assert.Matches(Dockerfile.PublishRegex(), parsed[1].Arguments);
        Assert.Equal("p/q.csproj", Dockerfile.PublishRegex().Match(parsed[1].Arguments).Groups["project"].Value);
    }
}
