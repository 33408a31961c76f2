using System.Text.Json.Nodes;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>One object of a rendered kustomization and the file it came from.</summary>
public sealed record RenderedObject(string Source, JsonObject Node)
{
    public string ApiVersion => (string?)Node["apiVersion"] ?? "";
    public string Kind => (string?)Node["kind"] ?? "";
    public string Name => (string?)Node["metadata"]?["name"] ?? "";
}

/// <summary>
/// Renders a kustomization the way <c>kustomize build</c> does, for the subset this repository uses (kustomize itself is
/// not installed where the tests run, and no served library renders one): resources (files and kustomization
/// directories), namespace, images (new tag or digest) and patches that are JSON 6902 operation lists with a target.
/// Anything else in a kustomization is refused, so a feature the renderer does not know cannot pass unchecked.
/// </summary>
public static class Kustomize
{
    private static readonly HashSet<string> KnownFields = ["apiVersion", "kind", "namespace", "resources", "images", "patches"];

    public static IReadOnlyList<RenderedObject> Build(string directory)
    {
        var path = Path.Combine(directory, "kustomization.yaml");
        var kustomization = YamlJson.LoadAll(File.ReadAllText(path)).Single() as JsonObject
            ?? throw new InvalidDataException($"{path} is not a mapping");
        var unknown = kustomization.Select(p => p.Key).Where(k => !KnownFields.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"{path}: fields this renderer does not implement: {string.Join(", ", unknown)}");
        }

        var objects = new List<RenderedObject>();
        foreach (var resource in kustomization["resources"]?.AsArray() ?? [])
        {
            var target = Path.GetFullPath(Path.Combine(directory, (string)resource!));
            if (Directory.Exists(target))
            {
                objects.AddRange(Build(target));
            }
            else
            {
                var source = Path.GetRelativePath(RepoPaths.Root, target);
                objects.AddRange(YamlJson.LoadAll(File.ReadAllText(target))
                    .Select(node => new RenderedObject(source, node as JsonObject ?? throw new InvalidDataException($"{source}: a document is not a mapping"))));
            }
        }

        foreach (var patch in kustomization["patches"]?.AsArray() ?? [])
        {
            ApplyPatch(directory, (JsonObject)patch!, objects);
        }

        foreach (var image in kustomization["images"]?.AsArray() ?? [])
        {
            SetImage((JsonObject)image!, objects);
        }

        if ((string?)kustomization["namespace"] is { } ns)
        {
            foreach (var o in objects.Where(o => o.Kind != "Namespace"))
            {
                var metadata = o.Node["metadata"] as JsonObject ?? throw new InvalidDataException($"{o.Source}: {o.Kind} without metadata");
                metadata["namespace"] = ns;
            }
        }

        return objects;
    }

    private static void ApplyPatch(string directory, JsonObject patch, List<RenderedObject> objects)
    {
        var file = Path.Combine(directory, (string?)patch["path"] ?? throw new NotSupportedException("only patches with a path are implemented"));
        var target = patch["target"] as JsonObject ?? throw new NotSupportedException($"{file}: a patch needs a target");
        if (YamlJson.LoadAll(File.ReadAllText(file)).Single() is not JsonArray operations)
        {
            throw new NotSupportedException($"{file}: only JSON 6902 patches (a list of operations) are implemented");
        }

        var matched = objects.Where(o => Matches(target, o)).ToList();
        if (matched.Count == 0)
        {
            // kustomize accepts a patch that matches nothing; a typo in its target would then silently do nothing.
            throw new InvalidDataException($"{file}: its target matches no object");
        }

        foreach (var o in matched)
        {
            foreach (var operation in operations)
            {
                JsonPatch.Apply(o.Node, (JsonObject)operation!);
            }
        }
    }

    private static bool Matches(JsonObject target, RenderedObject o)
    {
        var (group, version) = o.ApiVersion.Contains('/', StringComparison.Ordinal)
            ? (o.ApiVersion[..o.ApiVersion.IndexOf('/', StringComparison.Ordinal)], o.ApiVersion[(o.ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..])
            : ("", o.ApiVersion);
        return ((string?)target["group"] ?? group) == group
            && ((string?)target["version"] ?? version) == version
            && ((string?)target["kind"] ?? o.Kind) == o.Kind
            && ((string?)target["name"] ?? o.Name) == o.Name;
    }

    /// <summary>The images transformer: every container and init container of a pod template naming the image.</summary>
    private static void SetImage(JsonObject image, List<RenderedObject> objects)
    {
        var name = (string?)image["name"] ?? throw new InvalidDataException("an images entry needs a name");
        foreach (var container in objects.SelectMany(o => Containers(o.Node)))
        {
            var current = (string?)container["image"] ?? "";
            var bare = current.Split('@')[0];
            var lastSlash = bare.LastIndexOf('/');
            var colon = bare.IndexOf(':', lastSlash + 1);
            var repository = colon > 0 ? bare[..colon] : bare;
            if (repository != name)
            {
                continue;
            }

            var newName = (string?)image["newName"] ?? repository;
            container["image"] = (string?)image["digest"] is { } digest
                ? $"{newName}@{digest}"
                : (string?)image["newTag"] is { } tag ? $"{newName}:{tag}" : newName + current[repository.Length..];
        }
    }

    private static IEnumerable<JsonObject> Containers(JsonObject node)
    {
        var pod = node["spec"]?["template"]?["spec"] as JsonObject;
        return pod is null
            ? []
            : (pod["containers"]?.AsArray() ?? []).Concat(pod["initContainers"]?.AsArray() ?? []).OfType<JsonObject>();
    }
}

/// <summary>The JSON Patch (RFC 6902) operations kustomize's patches use here: add, replace, remove.</summary>
public static class JsonPatch
{
    public static void Apply(JsonNode document, JsonObject operation)
    {
        var op = (string?)operation["op"];
        var path = (string?)operation["path"] ?? throw new InvalidDataException("a patch operation needs a path");
        var tokens = path.Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
        var parent = tokens.SkipLast(1).Aggregate((JsonNode?)document, (node, token) => node switch
        {
            JsonObject o => o[token],
            JsonArray a => a[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)],
            _ => null,
        }) ?? throw new InvalidDataException($"patch path {path}: its parent does not exist");
        var last = tokens[^1];
        var value = operation["value"]?.DeepClone();
        switch (op, parent)
        {
            case ("add", JsonObject o):
                o[last] = value;
                break;
            case ("replace", JsonObject o) when o.ContainsKey(last):
                o[last] = value;
                break;
            case ("remove", JsonObject o) when o.ContainsKey(last):
                o.Remove(last);
                break;
            case ("add", JsonArray a) when last == "-":
                a.Add(value);
                break;
            case ("add", JsonArray a):
                a.Insert(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture), value);
                break;
            case ("replace", JsonArray a):
                a[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
                break;
            case ("remove", JsonArray a):
                a.RemoveAt(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidDataException($"patch operation {op} on {path} cannot apply (unknown operation, or nothing to replace/remove)");
        }
    }
}
