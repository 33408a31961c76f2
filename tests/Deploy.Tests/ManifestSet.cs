using k8s;
using k8s.Models;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>One Kubernetes object and the file it came from.</summary>
public sealed record LoadedObject(string File, object Object);

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
/// The Kubernetes objects of a set of manifest files, loaded with the client library's own object model
/// (strictly: an unknown field is an error, not silently dropped).
/// </summary>
public sealed class ManifestSet
{
    public static readonly IReadOnlySet<Type> KnownKinds = new HashSet<Type>
    {
        typeof(V1Namespace), typeof(V1Deployment), typeof(V1Service), typeof(V1ConfigMap), typeof(V1Secret),
    };

    private ManifestSet(IReadOnlyList<LoadedObject> objects, IReadOnlyDictionary<string, string> loadErrors)
    {
        Objects = objects;
        LoadErrors = loadErrors;
    }

    public IReadOnlyList<LoadedObject> Objects { get; }

    /// <summary>File name to the error that stopped it loading.</summary>
    public IReadOnlyDictionary<string, string> LoadErrors { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.Select(o => o.Object).OfType<V1Deployment>();
    public IEnumerable<V1Service> Services => Objects.Select(o => o.Object).OfType<V1Service>();
    public IEnumerable<V1ConfigMap> ConfigMaps => Objects.Select(o => o.Object).OfType<V1ConfigMap>();
    public IEnumerable<V1Secret> Secrets => Objects.Select(o => o.Object).OfType<V1Secret>();
    public IEnumerable<V1Namespace> Namespaces => Objects.Select(o => o.Object).OfType<V1Namespace>();

    /// <summary>The manifest files of deploy/k8s: every *.yaml / *.yml but kustomization.yaml, by file name.</summary>
    public static IReadOnlyDictionary<string, string> ReadRepositoryFiles() =>
        ManifestFileNames(RepoPaths.K8sDir)
            .ToDictionary(name => name, name => File.ReadAllText(Path.Combine(RepoPaths.K8sDir, name)));

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

    public static ManifestSet Load(IReadOnlyDictionary<string, string> files)
    {
        var objects = new List<LoadedObject>();
        var errors = new Dictionary<string, string>();
        foreach (var (file, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            try
            {
                var loaded = KubernetesYaml.LoadAllFromString(text, typeMap: null, strict: true);
                if (loaded.Count == 0)
                {
                    errors[file] = "holds no Kubernetes object";
                }

                objects.AddRange(loaded.Select(o => new LoadedObject(file, o)));
            }
            catch (Exception ex)
            {
                // An unknown apiVersion/kind surfaces as a KeyNotFoundException, a misspelt field as a YamlException.
                errors[file] = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        return new ManifestSet(objects, errors);
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
