using System.Globalization;
using k8s.Models;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>
/// The rules the manifests must keep. Each returns the problems it finds (empty when the manifests are right), so
/// the tests can assert on the real files and, in <see cref="ManifestChecksCatchBreakageTests"/>, on broken copies.
/// </summary>
public static class ManifestChecks
{
    public static IReadOnlyList<string> Parsing(ManifestSet set)
    {
        var problems = set.LoadErrors.Select(e => $"{e.Key}: {e.Value}").ToList();
        foreach (var loaded in set.Objects.Where(o => !ManifestSet.KnownKinds.Contains(o.Object.GetType())))
        {
            problems.Add($"{loaded.File}: unexpected kind {loaded.Object.GetType().Name}");
        }

        foreach (var loaded in set.Objects)
        {
            if (loaded.Object is not IMetadata<V1ObjectMeta> { Metadata.Name: { Length: > 0 } })
            {
                problems.Add($"{loaded.File}: a {loaded.Object.GetType().Name} has no metadata.name");
            }
        }

        foreach (var custom in set.CustomObjects.Where(o => o.Name.Length == 0))
        {
            problems.Add($"{custom.File}: a {custom.Kind} has no metadata.name");
        }

        problems.AddRange(set.CustomObjects.GroupBy(o => (o.Kind, o.Name)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Kind} {g.Key.Name} is defined {g.Count()} times"));

        var duplicates = set.Objects
            .Where(o => o.Object is IMetadata<V1ObjectMeta>)
            .GroupBy(o => (Kind: o.Object.GetType().Name, ((IMetadata<V1ObjectMeta>)o.Object).Metadata?.Name))
            .Where(g => g.Count() > 1);
        problems.AddRange(duplicates.Select(g => $"{g.Key.Kind} {g.Key.Name} is defined {g.Count()} times"));
        return problems;
    }

    /// <summary>Exactly one Deployment and one Service per process, and none for anything else.</summary>
    public static IReadOnlyList<string> Workloads(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var process in Suite.All)
        {
            var deployments = set.Deployments.Count(d => d.Metadata?.Name == process.Name);
            var services = set.Services.Count(s => s.Metadata?.Name == process.Name);
            if (deployments != 1)
            {
                problems.Add($"{process.Name}: {deployments} Deployments, expected 1");
            }

            if (services != 1)
            {
                problems.Add($"{process.Name}: {services} Services, expected 1");
            }

            if (set.DeploymentOf(process) is { } d && set.MainContainerOf(process) is null)
            {
                problems.Add($"Deployment {d.Metadata.Name}: no container named {process.Name}");
            }
        }

        var known = Suite.All.Select(p => p.Name).ToHashSet();
        problems.AddRange(set.Deployments.Where(d => !known.Contains(d.Metadata?.Name ?? ""))
            .Select(d => $"Deployment {d.Metadata?.Name} is not one of the suite's processes"));
        problems.AddRange(set.Services.Where(s => !known.Contains(s.Metadata?.Name ?? ""))
            .Select(s => $"Service {s.Metadata?.Name} is not one of the suite's processes"));
        return problems;
    }

    /// <summary>Every container: a pinned image, cpu and memory requests and limits, readiness and liveness probes.</summary>
    public static IReadOnlyList<string> Containers(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var (workload, pod, isJob) in PodTemplates(set))
        {
            var containers = (pod?.Containers ?? []).Concat(pod?.InitContainers ?? []).ToList();
            if (containers.Count == 0)
            {
                problems.Add($"{workload}: no containers");
            }

            foreach (var c in containers)
            {
                var where = $"{workload}/{c.Name}";
                if (ImageTag(c.Image) is not { } tag)
                {
                    problems.Add($"{where}: image '{c.Image}' has no explicit tag");
                }
                else if (tag.Equals("latest", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{where}: image '{c.Image}' uses the latest tag");
                }

                foreach (var resource in new[] { "cpu", "memory" })
                {
                    var request = c.Resources?.Requests?.TryGetValue(resource, out var r) == true ? r : null;
                    var limit = c.Resources?.Limits?.TryGetValue(resource, out var l) == true ? l : null;
                    if (request is null)
                    {
                        problems.Add($"{where}: no {resource} request");
                    }

                    if (limit is null)
                    {
                        problems.Add($"{where}: no {resource} limit");
                    }

                    if (request is not null && limit is not null && request.ToDecimal() > limit.ToDecimal())
                    {
                        problems.Add($"{where}: {resource} request {request} exceeds its limit {limit}");
                    }

                    if (request is not null && request.ToDecimal() <= 0)
                    {
                        problems.Add($"{where}: {resource} request {request} is not positive");
                    }
                }

                // A Job's container runs to completion: nothing to probe.
                if (!isJob && pod?.InitContainers?.Contains(c) != true)
                {
                    if (c.ReadinessProbe is null)
                    {
                        problems.Add($"{where}: no readinessProbe");
                    }

                    if (c.LivenessProbe is null)
                    {
                        problems.Add($"{where}: no livenessProbe");
                    }
                }
            }

        }

        foreach (var deployment in set.Deployments)
        {
            if (Suite.All.FirstOrDefault(p => p.Name == deployment.Metadata?.Name) is { } process
                && set.MainContainerOf(process) is { } main
                && main.Image?.StartsWith($"ghcr.io/namnd-followup/{process.Name}:", StringComparison.Ordinal) != true
                && main.Image?.StartsWith($"ghcr.io/namnd-followup/{process.Name}@", StringComparison.Ordinal) != true)
            {
                problems.Add($"{process.Name}: image '{main.Image}' is not ghcr.io/namnd-followup/{process.Name}:<tag> or @<digest>");
            }
        }

        return problems;
    }

    /// <summary>Every pod template: the Deployments' and the Jobs', named "Kind name".</summary>
    public static IEnumerable<(string Workload, V1PodSpec? Pod, bool IsJob)> PodTemplates(ManifestSet set) =>
        set.Deployments.Select(d => ($"Deployment {d.Metadata?.Name}", d.Spec?.Template?.Spec, false))
            .Concat(set.Jobs.Select(j => ($"Job {j.Metadata?.Name}", j.Spec?.Template?.Spec, true)));

    /// <summary>The tag of an image reference, or null when it has none (a digest counts as pinned).</summary>
    public static string? ImageTag(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return image[(at + 1)..].StartsWith("sha256:", StringComparison.Ordinal) ? image[(at + 1)..] : null;
        }

        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon < lastSegment.Length - 1 ? lastSegment[(colon + 1)..] : null;
    }

    /// <summary>
    /// Backends are probed over gRPC on the port their Service targets (they speak only h2c); the gateway over
    /// HTTP/1.1 on 8080, readiness on /healthz/ready and liveness on /healthz/live.
    /// </summary>
    public static IReadOnlyList<string> Probes(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var process in Suite.All)
        {
            if (set.MainContainerOf(process) is not { } c)
            {
                problems.Add($"{process.Name}: no Deployment container to check the probes of");
                continue;
            }

            var probes = new (string Kind, V1Probe? Probe)[]
            {
                ("readinessProbe", c.ReadinessProbe), ("livenessProbe", c.LivenessProbe), ("startupProbe", c.StartupProbe),
            };
            foreach (var (kind, probe) in probes)
            {
                if (probe is null)
                {
                    if (kind != "startupProbe")
                    {
                        problems.Add($"{process.Name}: no {kind}");
                    }

                    continue;
                }

                if (process.IsBackend)
                {
                    var targeted = TargetedContainerPorts(set, process, c);
                    if (probe.Grpc is null || probe.HttpGet is not null || probe.TcpSocket is not null || probe.Exec is not null)
                    {
                        problems.Add($"{process.Name}: {kind} must be a grpc probe only");
                    }
                    else if (!targeted.Contains(probe.Grpc.Port))
                    {
                        problems.Add($"{process.Name}: {kind} probes gRPC port {probe.Grpc.Port}, the Service targets [{string.Join(", ", targeted)}]");
                    }
                    else if (probe.Grpc.Port != process.HealthPort)
                    {
                        problems.Add($"{process.Name}: {kind} probes gRPC port {probe.Grpc.Port}, the process serves {process.HealthPort}");
                    }
                    else
                    {
                        // Readiness asks for the service the process serves by name; liveness only whether it runs.
                        var expectedService = kind == "readinessProbe" ? process.GrpcService : "live";
                        if (probe.Grpc.Service != expectedService)
                        {
                            problems.Add($"{process.Name}: {kind} asks for gRPC health service '{probe.Grpc.Service}', expected '{expectedService}'");
                        }
                    }
                }
                else
                {
                    var expectedPath = kind == "readinessProbe" ? "/healthz/ready" : "/healthz/live";
                    if (probe.HttpGet is null || probe.Grpc is not null || probe.TcpSocket is not null || probe.Exec is not null)
                    {
                        problems.Add($"{process.Name}: {kind} must be an httpGet probe only");
                    }
                    else
                    {
                        var port = ManifestSet.ResolvePort(c, probe.HttpGet.Port);
                        if (port != 8080)
                        {
                            problems.Add($"{process.Name}: {kind} httpGet port {probe.HttpGet.Port?.Value} is not 8080");
                        }

                        if (probe.HttpGet.Path != expectedPath)
                        {
                            problems.Add($"{process.Name}: {kind} path {probe.HttpGet.Path}, expected {expectedPath}");
                        }

                        if (probe.HttpGet.Scheme is { } scheme && !scheme.Equals("HTTP", StringComparison.OrdinalIgnoreCase))
                        {
                            problems.Add($"{process.Name}: {kind} scheme {scheme}, the gateway serves plain HTTP");
                        }
                    }
                }
            }
        }

        return problems;
    }

    private static List<int> TargetedContainerPorts(ManifestSet set, SuiteProcess process, V1Container container) =>
        (set.ServiceOf(process)?.Spec?.Ports ?? [])
            .Select(p => ManifestSet.ResolvePort(container, p.TargetPort ?? (IntOrString)p.Port))
            .OfType<int>()
            .ToList();

    /// <summary>
    /// Each Service selects its Deployment's pods, targets a port the container declares, and names its ports as
    /// agreed: backends one "grpc" port with appProtocol kubernetes.io/h2c, the gateway "http" 8080 and "grpc" 8081.
    /// </summary>
    public static IReadOnlyList<string> ServiceWiring(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var process in Suite.All)
        {
            var deployment = set.DeploymentOf(process);
            var service = set.ServiceOf(process);
            var container = set.MainContainerOf(process);
            if (deployment is null || service is null || container is null)
            {
                problems.Add($"{process.Name}: needs exactly one Deployment (with a {process.Name} container) and one Service");
                continue;
            }

            var podLabels = deployment.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
            var selector = service.Spec?.Selector ?? new Dictionary<string, string>();
            if (selector.Count == 0)
            {
                problems.Add($"Service {process.Name}: empty selector");
            }

            foreach (var (key, value) in selector)
            {
                if (!podLabels.TryGetValue(key, out var label) || label != value)
                {
                    problems.Add($"Service {process.Name}: selector {key}={value} does not match the pod template labels");
                }
            }

            // A selector matching other processes' pods too would spread traffic to the wrong process.
            foreach (var other in set.Deployments.Where(d => d != deployment))
            {
                var otherLabels = other.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
                if (selector.Count > 0 && selector.All(s => otherLabels.TryGetValue(s.Key, out var v) && v == s.Value))
                {
                    problems.Add($"Service {process.Name}: selector also matches the pods of Deployment {other.Metadata?.Name}");
                }
            }

            var matchLabels = deployment.Spec?.Selector?.MatchLabels ?? new Dictionary<string, string>();
            if (matchLabels.Count == 0 || matchLabels.Any(m => !podLabels.TryGetValue(m.Key, out var v) || v != m.Value))
            {
                problems.Add($"Deployment {process.Name}: spec.selector.matchLabels must be non-empty and match the pod template labels");
            }

            var containerPorts = (container.Ports ?? []).Select(p => p.ContainerPort).ToHashSet();
            foreach (var port in service.Spec?.Ports ?? [])
            {
                var target = ManifestSet.ResolvePort(container, port.TargetPort ?? (IntOrString)port.Port);
                if (target is null || !containerPorts.Contains(target.Value))
                {
                    problems.Add($"Service {process.Name}: port {port.Name} targets '{port.TargetPort?.Value ?? port.Port.ToString(CultureInfo.InvariantCulture)}', which is no containerPort of {process.Name}");
                }
            }

            var expected = process.IsBackend
                ? new (string Name, int Number, string? AppProtocol)[] { ("grpc", process.Ports[0], "kubernetes.io/h2c"), ("metrics", Suite.MetricsPort, "http") }
                : new (string Name, int Number, string? AppProtocol)[] { ("http", 8080, null), ("grpc", 8081, "kubernetes.io/h2c"), ("metrics", Suite.MetricsPort, "http") };
            var actual = (service.Spec?.Ports ?? []).ToList();
            if (actual.Count != expected.Length)
            {
                problems.Add($"Service {process.Name}: {actual.Count} ports, expected {expected.Length}");
            }

            foreach (var (name, number, appProtocol) in expected)
            {
                var port = actual.FirstOrDefault(p => p.Name == name);
                if (port is null)
                {
                    problems.Add($"Service {process.Name}: no port named {name}");
                    continue;
                }

                if (port.Port != number)
                {
                    problems.Add($"Service {process.Name}: port {name} is {port.Port}, expected {number}");
                }

                if (ManifestSet.ResolvePort(container, port.TargetPort) != number)
                {
                    problems.Add($"Service {process.Name}: port {name} should target container port {number}");
                }

                if (appProtocol is not null && port.AppProtocol != appProtocol)
                {
                    problems.Add($"Service {process.Name}: port {name} appProtocol '{port.AppProtocol}', expected {appProtocol}");
                }
            }

            if (service.Spec?.Type is { } type && type != "ClusterIP")
            {
                problems.Add($"Service {process.Name}: type {type}, expected ClusterIP");
            }
        }

        return problems;
    }

    /// <summary>Every envFrom / valueFrom names a ConfigMap or Secret defined in the folder, and the key exists in it.</summary>
    public static IReadOnlyList<string> EnvReferences(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var (workload, pod, _) in PodTemplates(set))
        {
            foreach (var c in (pod?.Containers ?? []).Concat(pod?.InitContainers ?? []))
            {
                var where = $"{workload}/{c.Name}";
                foreach (var from in c.EnvFrom ?? [])
                {
                    if (from.ConfigMapRef is { } cm && set.ConfigMap(cm.Name) is null)
                    {
                        problems.Add($"{where}: envFrom ConfigMap '{cm.Name}' is not defined");
                    }

                    if (from.SecretRef is { } s && set.Secret(s.Name) is null)
                    {
                        problems.Add($"{where}: envFrom Secret '{s.Name}' is not defined");
                    }

                    if (from.ConfigMapRef is null && from.SecretRef is null)
                    {
                        problems.Add($"{where}: envFrom entry names neither a ConfigMap nor a Secret");
                    }
                }

                foreach (var variable in c.Env ?? [])
                {
                    if (variable.ValueFrom?.ConfigMapKeyRef is { } cmKey)
                    {
                        if (set.ConfigMap(cmKey.Name) is not { } map)
                        {
                            problems.Add($"{where}: {variable.Name} refers to undefined ConfigMap '{cmKey.Name}'");
                        }
                        else if (!ManifestSet.Keys(map).Contains(cmKey.Key))
                        {
                            problems.Add($"{where}: {variable.Name} refers to key '{cmKey.Key}', absent from ConfigMap {cmKey.Name}");
                        }
                    }

                    if (variable.ValueFrom?.SecretKeyRef is { } sKey)
                    {
                        if (set.Secret(sKey.Name) is not { } secret)
                        {
                            problems.Add($"{where}: {variable.Name} refers to undefined Secret '{sKey.Name}'");
                        }
                        else if (!ManifestSet.Keys(secret).Contains(sKey.Key))
                        {
                            problems.Add($"{where}: {variable.Name} refers to key '{sKey.Key}', absent from Secret {sKey.Name}");
                        }
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Each backend gets ConnectionStrings__&lt;Name&gt; and ConnectionStrings__RabbitMq from a Secret (not a ConfigMap,
    /// not a literal), pointing at its own database; no ConfigMap carries a connection string at all.
    /// </summary>
    public static IReadOnlyList<string> BackendSecrets(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var process in Suite.Backends)
        {
            if (set.MainContainerOf(process) is not { } c)
            {
                problems.Add($"{process.Name}: no Deployment container to check the connection strings of");
                continue;
            }

            var env = set.EffectiveEnv(c);
            foreach (var name in new[] { $"ConnectionStrings__{process.ConnectionStringName}", "ConnectionStrings__RabbitMq" })
            {
                if (!env.TryGetValue(name, out var value))
                {
                    problems.Add($"{process.Name}: {name} is not set");
                }
                else if (value.Source != EnvSource.Secret)
                {
                    problems.Add($"{process.Name}: {name} comes from a {value.Source}, not a Secret");
                }
                else if (value.Value is null)
                {
                    problems.Add($"{process.Name}: {name} refers to a Secret key that is not defined here");
                }
            }

            // Cross-wiring check: the backend's own database, and an AMQP URI for RabbitMQ.
            var ownDatabase = $"Database=namnd_{process.Name}";
            if (env.TryGetValue($"ConnectionStrings__{process.ConnectionStringName}", out var db) && db.Value is { } dbValue
                && !dbValue.Contains(ownDatabase, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{process.Name}: its database connection string does not name {ownDatabase}");
            }

            if (env.TryGetValue("ConnectionStrings__RabbitMq", out var mq) && mq.Value is { } mqValue
                && !mqValue.StartsWith("amqp", StringComparison.Ordinal))
            {
                problems.Add($"{process.Name}: ConnectionStrings__RabbitMq is not an amqp:// URI");
            }

            // Least privilege: a backend sees no other backend's database credentials.
            foreach (var other in Suite.Backends.Where(o => o != process))
            {
                if (env.ContainsKey($"ConnectionStrings__{other.ConnectionStringName}"))
                {
                    problems.Add($"{process.Name}: also receives ConnectionStrings__{other.ConnectionStringName}");
                }
            }
        }

        foreach (var map in set.ConfigMaps)
        {
            foreach (var key in ManifestSet.Keys(map).Where(k => k.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"ConfigMap {map.Metadata?.Name}: {key} belongs in a Secret");
            }
        }

        return problems;
    }

    /// <summary>
    /// Run as agreed: replicas left to the autoscaler, non-root, read-only root filesystem, no privilege escalation, a writable emptyDir
    /// at /tmp, the suite's labels, everything in namespace namnd.
    /// </summary>
    public static IReadOnlyList<string> Hardening(ManifestSet set)
    {
        var problems = new List<string>();
        if (!set.Namespaces.Any(n => n.Metadata?.Name == Suite.Namespace))
        {
            problems.Add($"no Namespace {Suite.Namespace}");
        }

        foreach (var loaded in set.Objects)
        {
            if (loaded.Object is IMetadata<V1ObjectMeta> { Metadata: var meta } and not V1Namespace)
            {
                if (meta?.NamespaceProperty != Suite.Namespace)
                {
                    problems.Add($"{loaded.File}: {meta?.Name} is not in namespace {Suite.Namespace}");
                }

                if (meta?.Labels?.TryGetValue(Suite.PartOfLabel, out var partOf) != true || partOf != Suite.PartOf)
                {
                    problems.Add($"{loaded.File}: {meta?.Name} lacks label {Suite.PartOfLabel}: {Suite.PartOf}");
                }

                if (meta?.Labels?.ContainsKey(Suite.NameLabel) != true)
                {
                    problems.Add($"{loaded.File}: {meta?.Name} lacks label {Suite.NameLabel}");
                }
            }
        }

        foreach (var custom in set.CustomObjects)
        {
            var labels = custom.Node["metadata"]?["labels"];
            if ((string?)custom.Node["metadata"]?["namespace"] != Suite.Namespace)
            {
                problems.Add($"{custom.File}: {custom.Kind} {custom.Name} is not in namespace {Suite.Namespace}");
            }

            if ((string?)labels?[Suite.PartOfLabel] != Suite.PartOf || labels?[Suite.NameLabel] is null)
            {
                problems.Add($"{custom.File}: {custom.Kind} {custom.Name} lacks labels {Suite.NameLabel} and {Suite.PartOfLabel}: {Suite.PartOf}");
            }
        }

        foreach (var (workload, pod, _) in PodTemplates(set).Where(t => t.IsJob))
        {
            problems.AddRange(ContainerHardening(workload, pod));
        }

        foreach (var process in Suite.All)
        {
            if (set.DeploymentOf(process) is not { } deployment)
            {
                problems.Add($"{process.Name}: no single Deployment");
                continue;
            }

            // The HorizontalPodAutoscaler owns the count (PlatformChecks.Availability checks it keeps two or more);
            // a replicas field would reset it at every apply.
            if (deployment.Spec?.Replicas is { } replicas)
            {
                problems.Add($"{process.Name}: replicas {replicas} set in the Deployment, which its autoscaler owns");
            }

            var podLabels = deployment.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
            if (!podLabels.TryGetValue(Suite.NameLabel, out var name) || name != process.Name
                || !podLabels.TryGetValue(Suite.PartOfLabel, out var partOf) || partOf != Suite.PartOf)
            {
                problems.Add($"{process.Name}: pod labels must include {Suite.NameLabel}: {process.Name} and {Suite.PartOfLabel}: {Suite.PartOf}");
            }

            problems.AddRange(ContainerHardening(process.Name, deployment.Spec?.Template?.Spec));
        }

        return problems;
    }

    private static IEnumerable<string> ContainerHardening(string workload, V1PodSpec? pod)
    {
        var problems = new List<string>();
        foreach (var c in pod?.Containers ?? [])
        {
            var where = $"{workload}/{c.Name}";
            var runAsNonRoot = c.SecurityContext?.RunAsNonRoot ?? pod?.SecurityContext?.RunAsNonRoot;
            if (runAsNonRoot != true || c.SecurityContext?.RunAsNonRoot == false)
            {
                problems.Add($"{where}: runAsNonRoot is not true");
            }

            if (c.SecurityContext?.ReadOnlyRootFilesystem != true)
            {
                problems.Add($"{where}: readOnlyRootFilesystem is not true");
            }

            if (c.SecurityContext?.AllowPrivilegeEscalation != false)
            {
                problems.Add($"{where}: allowPrivilegeEscalation is not false");
            }

            if (c.SecurityContext?.Privileged == true)
            {
                problems.Add($"{where}: privileged");
            }

            var tmp = c.VolumeMounts?.FirstOrDefault(m => m.MountPath == "/tmp");
            var volume = tmp is null ? null : pod?.Volumes?.FirstOrDefault(v => v.Name == tmp.Name);
            if (tmp is null || volume?.EmptyDir is null || tmp.ReadOnlyProperty == true)
            {
                problems.Add($"{where}: no writable emptyDir mounted at /tmp");
            }
        }

        return problems;
    }

    /// <summary>
    /// The configuration the processes read agrees with the ports declared around them: a backend's gRPC endpoint is
    /// its container port, every process serves /metrics on 9464, the gateway's Kestrel endpoints are 8080 and 8081, and its proxy addresses are the backends'
    /// Services and ports.
    /// </summary>
    public static IReadOnlyList<string> ConfigConsistency(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var process in Suite.All)
        {
            if (set.MainContainerOf(process) is not { } c)
            {
                problems.Add($"{process.Name}: no Deployment container to check the configuration of");
                continue;
            }

            var env = set.EffectiveEnv(c);
            var declared = (c.Ports ?? []).Select(p => p.ContainerPort).Order().ToList();
            if (!declared.SequenceEqual(process.Ports.Append(Suite.MetricsPort).Order()))
            {
                problems.Add($"{process.Name}: containerPorts [{string.Join(", ", declared)}], expected [{string.Join(", ", process.Ports.Append(Suite.MetricsPort))}]");
            }

            if (!env.TryGetValue("Logging__Console__FormatterName", out var formatter) || formatter.Value != "json")
            {
                problems.Add($"{process.Name}: Logging__Console__FormatterName is not json");
            }

            var expectedUrls = process.IsBackend
                ? new Dictionary<string, string>
                {
                    ["Kestrel__Endpoints__Grpc__Url"] = $"http://0.0.0.0:{process.Ports[0]}",
                    ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
                    // Replicas wait for the migration Job instead of migrating.
                    ["Database__Migrations"] = "Wait",
                }
                : new Dictionary<string, string>
                {
                    ["Kestrel__Endpoints__Rest__Url"] = "http://0.0.0.0:8080",
                    ["Kestrel__Endpoints__Grpc__Url"] = "http://0.0.0.0:8081",
                };
            expectedUrls["Kestrel__Endpoints__Metrics__Url"] = $"http://0.0.0.0:{Suite.MetricsPort}";
            expectedUrls["Kestrel__Endpoints__Metrics__Protocols"] = "Http1";
            expectedUrls["Metrics__Port"] = Suite.MetricsPort.ToString(CultureInfo.InvariantCulture);
            if (!process.IsBackend)
            {
                foreach (var backend in Suite.Backends)
                {
                    expectedUrls[$"ReverseProxy__Clusters__{backend.Name}__Destinations__primary__Address"] =
                        $"http://{backend.Name}:{backend.Ports[0]}";
                    if (set.ServiceOf(backend)?.Spec?.Ports?.Any(p => p.Port == backend.Ports[0]) != true)
                    {
                        problems.Add($"gateway: proxies to {backend.Name}:{backend.Ports[0]}, which no Service {backend.Name} exposes");
                    }
                }
            }

            foreach (var (key, expected) in expectedUrls)
            {
                if (!env.TryGetValue(key, out var actual))
                {
                    problems.Add($"{process.Name}: {key} is not set");
                }
                else if (actual.Value != expected)
                {
                    problems.Add($"{process.Name}: {key} is '{actual.Value}', expected '{expected}'");
                }
            }
        }

        return problems;
    }
}
