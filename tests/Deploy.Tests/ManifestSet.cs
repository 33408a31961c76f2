using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>One Kubernetes object and the file it came from.</summary>
public sealed record LoadedObject(string File, object Object);

/// <summary>One object of an operator's kind (a custom resource) and the file it came from.</summary>
public sealed record LoadedCustomObject(string File, string ApiVersion, string Kind, JsonObject Node)
{
    public string Name => (string?)Node["metadata"]?["name"] ?? "";
}

/// <summary>Where a container's environment variable gets its value.</summary>
public enum EnvSource
{
    Literal,
    ConfigMap,
    Secret,
    Other,
}

public sealed record EnvValue(EnvSource Source, string? ObjectName, string? Key, string? Value);

/// <summary>
/// The objects of a set of manifest files: Kubernetes' own kinds loaded with the client library's object model
/// (strictly: an unknown field is an error, not silently dropped), the operators' kinds kept as JSON for
/// <see cref="CrdSchemas"/> to validate.
/// </summary>
public sealed class ManifestSet
{
    public static readonly IReadOnlySet<Type> KnownKinds = new HashSet<Type>
    {
        typeof(V1Namespace), typeof(V1Deployment), typeof(V1Service), typeof(V1ConfigMap), typeof(V1Job),
        typeof(V1PodDisruptionBudget), typeof(V2HorizontalPodAutoscaler), typeof(V1NetworkPolicy),
    };

    private ManifestSet(IReadOnlyList<LoadedObject> objects, IReadOnlyList<LoadedCustomObject> customObjects,
        IReadOnlyDictionary<string, string> loadErrors)
    {
        Objects = objects;
        CustomObjects = customObjects;
        LoadErrors = loadErrors;
    }

    /// <summary>The objects of Kubernetes' own kinds, in the client library's object model.</summary>
    public IReadOnlyList<LoadedObject> Objects { get; }

    /// <summary>The objects of the operators' kinds (a CRD under deploy/k8s/crds defines them), as JSON.</summary>
    public IReadOnlyList<LoadedCustomObject> CustomObjects { get; }

    /// <summary>File name to the error that stopped it loading.</summary>
    public IReadOnlyDictionary<string, string> LoadErrors { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.Select(o => o.Object).OfType<V1Deployment>();
    public IEnumerable<V1Service> Services => Objects.Select(o => o.Object).OfType<V1Service>();
    public IEnumerable<V1ConfigMap> ConfigMaps => Objects.Select(o => o.Object).OfType<V1ConfigMap>();
    public IEnumerable<V1Namespace> Namespaces => Objects.Select(o => o.Object).OfType<V1Namespace>();
    public IEnumerable<V1Job> Jobs => Objects.Select(o => o.Object).OfType<V1Job>();
    public IEnumerable<V1PodDisruptionBudget> DisruptionBudgets => Objects.Select(o => o.Object).OfType<V1PodDisruptionBudget>();
    public IEnumerable<V2HorizontalPodAutoscaler> Autoscalers => Objects.Select(o => o.Object).OfType<V2HorizontalPodAutoscaler>();
    public IEnumerable<V1NetworkPolicy> NetworkPolicies => Objects.Select(o => o.Object).OfType<V1NetworkPolicy>();

    /// <summary>Secrets written out as such (there should be none: values come from the external store).</summary>
    public IEnumerable<V1Secret> WrittenSecrets => Objects.Select(o => o.Object).OfType<V1Secret>();

    /// <summary>
    /// The Secrets the pods will find: written ones, and those the External Secrets Operator makes from each
    /// ExternalSecret (its target's name; its template's values, or a marker for a value copied from the store).
    /// </summary>
    public IEnumerable<V1Secret> Secrets => WrittenSecrets.Concat(Custom("external-secrets.io/v1", "ExternalSecret").Select(FromExternalSecret));

    public IEnumerable<JsonObject> Custom(string apiVersion, string kind) =>
        CustomObjects.Where(o => o.ApiVersion == apiVersion && o.Kind == kind).Select(o => o.Node);

    private static V1Secret FromExternalSecret(JsonObject externalSecret)
    {
        var spec = externalSecret["spec"];
        var name = (string?)spec?["target"]?["name"] ?? (string?)externalSecret["metadata"]?["name"];
        var template = spec?["target"]?["template"]?["data"] as JsonObject;
        var values = template is not null
            ? template.ToDictionary(p => p.Key, p => (string?)p.Value ?? "")
            : (spec?["data"]?.AsArray() ?? []).ToDictionary(d => (string)d!["secretKey"]!, d => $"<from the store: {(string?)d!["remoteRef"]?["key"]}>");
        return new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = (string?)externalSecret["metadata"]?["namespace"] },
            StringData = values,
        };
    }

    /// <summary>The manifest files of the base: every *.yaml / *.yml but kustomization.yaml, by file name.</summary>
    public static IReadOnlyDictionary<string, string> ReadRepositoryFiles() =>
        ManifestFileNames(RepoPaths.BaseDir)
            .ToDictionary(name => name, name => File.ReadAllText(Path.Combine(RepoPaths.BaseDir, name)));

    public static IReadOnlyList<string> ManifestFileNames(string dir) =>
        Directory.EnumerateFiles(dir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n.EndsWith(".yaml", StringComparison.Ordinal) || n.EndsWith(".yml", StringComparison.Ordinal))
            .Where(n => !IsKustomization(n))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static bool IsKustomization(string fileName) =>
        fileName is "kustomization.yaml" or "kustomization.yml" or "Kustomization";

    public static ManifestSet LoadRepository() => Load(ReadRepositoryFiles());

    /// <summary>What <c>kustomize build</c> of an overlay (or the base) yields, each object checked as a file's would be.</summary>
    public static ManifestSet Render(string kustomizationDirectory) =>
        FromDocuments(Kustomize.Build(kustomizationDirectory).Select(o => (o.Source, (JsonObject?)o.Node, (string?)null)));

    public static ManifestSet Load(IReadOnlyDictionary<string, string> files)
    {
        var documents = new List<(string File, JsonObject? Node, string? Error)>();
        foreach (var (file, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            try
            {
                var loaded = YamlJson.LoadAll(text);
                if (loaded.Count == 0)
                {
                    documents.Add((file, null, "holds no Kubernetes object"));
                }

                documents.AddRange(loaded.Select(node => (file, node as JsonObject, node is JsonObject ? null : (string?)"a document is not a mapping")));
            }
            catch (Exception ex)
            {
                documents.Add((file, null, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }

        return FromDocuments(documents);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static ManifestSet FromDocuments(IEnumerable<(string File, JsonObject? Node, string? Error)> documents)
    {
        var objects = new List<LoadedObject>();
        var custom = new List<LoadedCustomObject>();
        var errors = new Dictionary<string, string>();
        foreach (var (file, node, error) in documents)
        {
            if (error is not null || node is null)
            {
                errors[file] = error ?? "empty document";
                continue;
            }

            var apiVersion = (string?)node["apiVersion"] ?? "";
            var kind = (string?)node["kind"] ?? "";
            if (CrdSchemas.FromRepository.Knows(apiVersion, kind))
            {
                custom.Add(new LoadedCustomObject(file, apiVersion, kind, node));
                continue;
            }

            try
            {
                // JSON is YAML: the client library's strict loader reads it, refusing a field its model lacks.
                objects.AddRange(KubernetesYaml.LoadAllFromString(node.ToJsonString(Relaxed), typeMap: null, strict: true)
                    .Select(o => new LoadedObject(file, o)));
            }
            catch (Exception ex)
            {
                // An unknown apiVersion/kind surfaces as a KeyNotFoundException, a misspelt field as a YamlException.
                errors[file] = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        return new ManifestSet(objects, custom, errors);
    }

    public V1ConfigMap? ConfigMap(string? name) => ConfigMaps.FirstOrDefault(c => c.Metadata?.Name == name);

    public V1Secret? Secret(string? name) => Secrets.FirstOrDefault(s => s.Metadata?.Name == name);

    public static IEnumerable<string> Keys(V1ConfigMap map) =>
        (map.Data?.Keys ?? Enumerable.Empty<string>()).Concat(map.BinaryData?.Keys ?? Enumerable.Empty<string>());

    public static IEnumerable<string> Keys(V1Secret secret) =>
        (secret.Data?.Keys ?? Enumerable.Empty<string>()).Concat(secret.StringData?.Keys ?? Enumerable.Empty<string>());

    public static string? SecretValue(V1Secret secret, string key)
    {
        if (secret.StringData is not null && secret.StringData.TryGetValue(key, out var text))
        {
            return text;
        }

        return secret.Data is not null && secret.Data.TryGetValue(key, out var bytes)
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : null;
    }

    /// <summary>
    /// The environment a container would see, as Kubernetes builds it: envFrom sources in order, then env,
    /// a later definition replacing an earlier one. Values of Secrets are resolved where the Secret is defined here.
    /// </summary>
    public IReadOnlyDictionary<string, EnvValue> EffectiveEnv(V1Container container)
    {
        var env = new Dictionary<string, EnvValue>(StringComparer.Ordinal);
        foreach (var from in container.EnvFrom ?? [])
        {
            var prefix = from.Prefix ?? "";
            if (from.ConfigMapRef is { } cmRef && ConfigMap(cmRef.Name) is { } map)
            {
                foreach (var (key, value) in map.Data ?? new Dictionary<string, string>())
                {
                    env[prefix + key] = new EnvValue(EnvSource.ConfigMap, cmRef.Name, key, value);
                }
            }

            if (from.SecretRef is { } sRef && Secret(sRef.Name) is { } secret)
            {
                foreach (var key in Keys(secret))
                {
                    env[prefix + key] = new EnvValue(EnvSource.Secret, sRef.Name, key, SecretValue(secret, key));
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.ValueFrom switch
            {
                null => new EnvValue(EnvSource.Literal, null, null, variable.Value),
                { SecretKeyRef: { } r } => new EnvValue(EnvSource.Secret, r.Name, r.Key,
                    Secret(r.Name) is { } s ? SecretValue(s, r.Key) : null),
                { ConfigMapKeyRef: { } r } => new EnvValue(EnvSource.ConfigMap, r.Name, r.Key,
                    ConfigMap(r.Name)?.Data is { } data && data.TryGetValue(r.Key, out var v) ? v : null),
                _ => new EnvValue(EnvSource.Other, null, null, null),
            };
        }

        return env;
    }

    /// <summary>A probe's or Service's port as a number: numeric as written, or a named container port.</summary>
    public static int? ResolvePort(V1Container container, IntOrString? port)
    {
        if (port?.Value is not { Length: > 0 } value)
        {
            return null;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return container.Ports?.SingleOrDefault(p => p.Name == value)?.ContainerPort;
    }

    /// <summary>The process's Deployment, or null when there is none or more than one.</summary>
    public V1Deployment? DeploymentOf(SuiteProcess process) =>
        OnlyOne(Deployments.Where(d => d.Metadata?.Name == process.Name));

    /// <summary>The process's Service, or null when there is none or more than one.</summary>
    public V1Service? ServiceOf(SuiteProcess process) =>
        OnlyOne(Services.Where(s => s.Metadata?.Name == process.Name));

    private static T? OnlyOne<T>(IEnumerable<T> items) where T : class
    {
        var list = items.Take(2).ToList();
        return list.Count == 1 ? list[0] : null;
    }

    /// <summary>The container of a process's Deployment that runs the process (named like it).</summary>
    public V1Container? MainContainerOf(SuiteProcess process) =>
        DeploymentOf(process)?.Spec?.Template?.Spec?.Containers?.SingleOrDefault(c => c.Name == process.Name);
}
