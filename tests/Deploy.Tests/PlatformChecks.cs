using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>
/// What a platform team expects around the workloads: the operators' resources valid against their CRDs, two or more
/// pods that a drain cannot take all at once, a default-deny network with only the paths the suite needs, metrics
/// scraped, migrations in Jobs, credentials from the external store, routes to the gateway, images by digest.
/// Each returns the problems it finds, like <see cref="ManifestChecks"/>.
/// </summary>
public static partial class PlatformChecks
{
    public const string CnpgCluster = "postgresql.cnpg.io/v1";
    public const string RabbitMq = "rabbitmq.com/v1beta1";
    public const string Monitoring = "monitoring.coreos.com/v1";
    public const string GatewayApi = "gateway.networking.k8s.io/v1";
    public const string ExternalSecrets = "external-secrets.io/v1";

    /// <summary>Every object of an operator's kind validates against the schema of that operator's CRD.</summary>
    public static IReadOnlyList<string> CustomResources(ManifestSet set) =>
        set.CustomObjects
            .SelectMany(o => CrdSchemas.FromRepository.Validate(o.Node).Select(e => $"{o.File}: {o.Kind} {o.Name}: {e}"))
            .ToList();

    /// <summary>Each process: a PodDisruptionBudget over its pods and an autoscaler keeping two or more of them.</summary>
    public static IReadOnlyList<string> Availability(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var process in Suite.All)
        {
            if (set.DeploymentOf(process) is not { } deployment)
            {
                problems.Add($"{process.Name}: no single Deployment");
                continue;
            }

            var podLabels = deployment.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>();
            var budgets = set.DisruptionBudgets.Where(b => Selects(b.Spec?.Selector, podLabels)).ToList();
            if (budgets.Count != 1)
            {
                problems.Add($"{process.Name}: {budgets.Count} PodDisruptionBudgets select its pods, expected 1");
            }
            else if (budgets[0].Spec.MaxUnavailable is null && budgets[0].Spec.MinAvailable is null)
            {
                problems.Add($"{process.Name}: its PodDisruptionBudget sets neither maxUnavailable nor minAvailable");
            }
            else if (budgets[0].Spec.MaxUnavailable?.Value is "0" || budgets[0].Spec.MinAvailable?.Value is "100%")
            {
                problems.Add($"{process.Name}: its PodDisruptionBudget allows no disruption at all (a drain would hang)");
            }

            var scalers = set.Autoscalers.Where(h => h.Spec?.ScaleTargetRef is { Kind: "Deployment", ApiVersion: "apps/v1" } t && t.Name == process.Name).ToList();
            if (scalers.Count != 1)
            {
                problems.Add($"{process.Name}: {scalers.Count} HorizontalPodAutoscalers target its Deployment, expected 1");
                continue;
            }

            var spec = scalers[0].Spec;
            if ((spec.MinReplicas ?? 1) < 2)
            {
                problems.Add($"{process.Name}: its autoscaler's minReplicas is {spec.MinReplicas ?? 1}, expected 2 or more");
            }

            if (spec.MaxReplicas < (spec.MinReplicas ?? 1))
            {
                problems.Add($"{process.Name}: its autoscaler's maxReplicas {spec.MaxReplicas} is below minReplicas");
            }

            if (spec.Metrics is not { Count: > 0 })
            {
                problems.Add($"{process.Name}: its autoscaler names no metric to scale on");
            }
        }

        return problems;
    }

    /// <summary>Each process's Service is selected by a ServiceMonitor scraping its "metrics" port at /metrics.</summary>
    public static IReadOnlyList<string> MetricsScraping(ManifestSet set)
    {
        var problems = new List<string>();
        var monitors = set.Custom(Monitoring, "ServiceMonitor").ToList();
        foreach (var process in Suite.All)
        {
            if (set.ServiceOf(process) is not { } service)
            {
                problems.Add($"{process.Name}: no single Service");
                continue;
            }

            var labels = service.Metadata.Labels ?? new Dictionary<string, string>();
            var scraping = monitors.Where(m => SelectsJson(m["spec"]?["selector"], labels)).ToList();
            if (scraping.Count != 1)
            {
                problems.Add($"{process.Name}: {scraping.Count} ServiceMonitors select its Service, expected 1");
                continue;
            }

            var endpoints = scraping[0]["spec"]?["endpoints"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            var metricsPort = service.Spec?.Ports?.FirstOrDefault(p => p.Name == "metrics");
            if (metricsPort is null)
            {
                problems.Add($"{process.Name}: its Service has no port named metrics");
            }

            if (!endpoints.Any(e => (string?)e["port"] == "metrics" && ((string?)e["path"] ?? "/metrics") == "/metrics"))
            {
                problems.Add($"{process.Name}: its ServiceMonitor does not scrape port metrics at /metrics");
            }
        }

        return problems;
    }

    /// <summary>
    /// Default deny in both directions, DNS for all; each process reachable only on its own ports and only from its
    /// callers (the gateway from the ingress controller's namespace, the backends from the gateway, and economy also
    /// from planning and keyfigures), its metrics only from Prometheus; each backend reaches its own database (no other) and RabbitMQ.
    /// </summary>
    public static IReadOnlyList<string> NetworkIsolation(ManifestSet set)
    {
        var problems = new List<string>();
        var policies = set.NetworkPolicies.ToList();
        if (!policies.Any(p => IsEmpty(p.Spec.PodSelector) && Types(p).SetEquals(["Ingress", "Egress"])
            && p.Spec.Ingress is not { Count: > 0 } && p.Spec.Egress is not { Count: > 0 }))
        {
            problems.Add("no default-deny NetworkPolicy (every pod, Ingress and Egress, no rule)");
        }

        if (!policies.Any(p => IsEmpty(p.Spec.PodSelector) && (p.Spec.Egress ?? []).Any(r => (r.Ports ?? []).Any(port => port.Port?.Value == "53" && port.Protocol == "UDP"))))
        {
            problems.Add("no NetworkPolicy lets every pod reach DNS (UDP 53)");
        }

        var callers = new Dictionary<string, string[]>
        {
            // keyfigures reads the registered names from economy when it prints Bilaga 4 (GetMunicipalityNames).
            ["economy"] = ["gateway", "planning", "keyfigures"],
            ["planning"] = ["gateway"],
            ["keyfigures"] = ["gateway"],
        };
        foreach (var process in Suite.All)
        {
            if (set.DeploymentOf(process) is not { } deployment)
            {
                continue;
            }

            var podLabels = deployment.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>();
            var applying = policies.Where(p => !IsEmpty(p.Spec.PodSelector) && Selects(p.Spec.PodSelector, podLabels)).ToList();
            var ingress = applying.Where(p => Types(p).Contains("Ingress")).SelectMany(p => p.Spec.Ingress ?? []).ToList();
            var allowedPorts = process.Ports.Append(Suite.MetricsPort).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            foreach (var rule in ingress)
            {
                if (rule.Ports is not { Count: > 0 })
                {
                    problems.Add($"{process.Name}: an ingress rule allows every port");
                }

                foreach (var port in (rule.Ports ?? []).Where(port => !allowedPorts.Contains(port.Port?.Value ?? "")))
                {
                    problems.Add($"{process.Name}: ingress allowed on port {port.Port?.Value}, which it does not serve");
                }

                if (rule.FromProperty is not { Count: > 0 })
                {
                    problems.Add($"{process.Name}: an ingress rule allows every source");
                }
            }

            foreach (var port in process.Ports)
            {
                var rules = ingress.Where(r => (r.Ports ?? []).Any(p => p.Port?.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
                if (rules.Count == 0)
                {
                    problems.Add($"{process.Name}: nothing may reach its port {port}");
                }

                foreach (var peer in rules.SelectMany(r => r.FromProperty ?? []))
                {
                    var expected = process.IsBackend
                        ? peer.PodSelector is { } selector && peer.NamespaceSelector is null && peer.IpBlock is null
                          && callers[process.Name].Any(c => Selects(selector, PodLabels(set, c)))
                          && Suite.All.Where(p => !callers[process.Name].Contains(p.Name)).All(p => !Selects(selector, PodLabels(set, p.Name)))
                        : peer.NamespaceSelector is not null && peer.PodSelector is null && peer.IpBlock is null;
                    if (!expected)
                    {
                        problems.Add(process.IsBackend
                            ? $"{process.Name}: port {port} is open to more than [{string.Join(", ", callers[process.Name])}]"
                            : $"{process.Name}: port {port} is open to more than the ingress controller's namespace");
                    }
                }
            }

            var metricsRules = ingress.Where(r => (r.Ports ?? []).Any(p => p.Port?.Value == Suite.MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
            if (metricsRules.Count == 0 || metricsRules.SelectMany(r => r.FromProperty ?? []).Any(peer => peer.NamespaceSelector is null || peer.IpBlock is not null))
            {
                problems.Add($"{process.Name}: its metrics port must be open to the monitoring namespace only");
            }

            var egress = applying.Where(p => Types(p).Contains("Egress")).SelectMany(p => p.Spec.Egress ?? []).ToList();
            if (!egress.Any(r => (r.Ports ?? []).Any(p => p.Port?.Value == "5672") && (r.To ?? []).Any(t => Label(t.PodSelector?.MatchLabels, Suite.NameLabel) == "rabbitmq")))
            {
                problems.Add($"{process.Name}: may not reach RabbitMQ (port 5672 of the rabbitmq pods)");
            }

            if (process.IsBackend)
            {
                var databases = egress.Where(r => (r.Ports ?? []).Any(p => p.Port?.Value == "5432"))
                    .SelectMany(r => r.To ?? [])
                    .Select(t => Label(t.PodSelector?.MatchLabels, "cnpg.io/cluster"))
                    .ToList();
                if (!databases.Contains($"{process.Name}-db"))
                {
                    problems.Add($"{process.Name}: may not reach its database {process.Name}-db");
                }

                if (databases.Any(d => d != $"{process.Name}-db"))
                {
                    problems.Add($"{process.Name}: may reach a database not its own ({string.Join(", ", databases.Where(d => d != $"{process.Name}-db").Select(d => d ?? "any pod"))})");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Each backend's migrations run in a Job of the same image, told to apply and exit, with the same connection
    /// string, allowed to reach the database; the Deployments' replicas wait for them.
    /// </summary>
    public static IReadOnlyList<string> Migrations(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var process in Suite.Backends)
        {
            var jobs = set.Jobs.Where(j => j.Metadata?.Name == $"{process.Name}-migrate").ToList();
            if (jobs.Count != 1)
            {
                problems.Add($"{process.Name}: {jobs.Count} Jobs named {process.Name}-migrate, expected 1");
                continue;
            }

            var pod = jobs[0].Spec?.Template?.Spec;
            var container = pod?.Containers?.SingleOrDefault();
            if (container is null)
            {
                problems.Add($"Job {process.Name}-migrate: expected exactly one container");
                continue;
            }

            if (set.MainContainerOf(process) is { } main && main.Image != container.Image)
            {
                problems.Add($"Job {process.Name}-migrate: image {container.Image} is not the Deployment's {main.Image}");
            }

            if (pod?.RestartPolicy is not ("OnFailure" or "Never"))
            {
                problems.Add($"Job {process.Name}-migrate: restartPolicy {pod?.RestartPolicy}, expected OnFailure or Never");
            }

            var env = set.EffectiveEnv(container);
            if (env.GetValueOrDefault("Database__Migrations")?.Value != "ApplyAndExit")
            {
                problems.Add($"Job {process.Name}-migrate: Database__Migrations is not ApplyAndExit");
            }

            var name = $"ConnectionStrings__{process.ConnectionStringName}";
            IReadOnlyDictionary<string, EnvValue> mainEnv = set.MainContainerOf(process) is { } m ? set.EffectiveEnv(m) : new Dictionary<string, EnvValue>();
            if (!env.TryGetValue(name, out var connection) || connection.Source != EnvSource.Secret
                || mainEnv.GetValueOrDefault(name) is not { } served || (served.ObjectName, served.Key) != (connection.ObjectName, connection.Key))
            {
                problems.Add($"Job {process.Name}-migrate: {name} must come from the same Secret key as the Deployment's");
            }

            if (jobs[0].Spec?.Template?.Metadata?.Labels is not { } jobLabels || !jobLabels.TryGetValue("namnd-followup/database", out var database) || database != process.Name)
            {
                problems.Add($"Job {process.Name}-migrate: its pods lack the label namnd-followup/database: {process.Name} that lets them reach the database");
            }
        }

        return problems;
    }

    /// <summary>
    /// A CloudNativePG cluster per backend, bootstrapping the database its connection string names from credentials in
    /// the external store; a RabbitMQ cluster declaring quorum queues, its credentials from the store too; no Secret
    /// value checked in.
    /// </summary>
    public static IReadOnlyList<string> Datastores(ManifestSet set)
    {
        var problems = new List<string>();
        problems.AddRange(set.WrittenSecrets.Select(s => $"Secret {s.Metadata?.Name} is checked in: its values belong in the external store (an ExternalSecret)"));
        var externalTargets = set.Custom(ExternalSecrets, "ExternalSecret")
            .Select(e => (string?)e["spec"]?["target"]?["name"] ?? (string?)e["metadata"]?["name"])
            .ToHashSet();
        foreach (var e in set.Custom(ExternalSecrets, "ExternalSecret").Where(e => e["spec"]?["secretStoreRef"]?["name"] is null))
        {
            problems.Add($"ExternalSecret {(string?)e["metadata"]?["name"]}: names no secret store");
        }

        foreach (var process in Suite.Backends)
        {
            var cluster = set.Custom(CnpgCluster, "Cluster").SingleOrDefault(c => (string?)c["metadata"]?["name"] == $"{process.Name}-db");
            if (cluster is null)
            {
                problems.Add($"{process.Name}: no CloudNativePG Cluster {process.Name}-db");
                continue;
            }

            var initdb = cluster["spec"]?["bootstrap"]?["initdb"];
            if ((string?)initdb?["database"] != $"namnd_{process.Name}")
            {
                problems.Add($"Cluster {process.Name}-db: bootstraps database {(string?)initdb?["database"]}, expected namnd_{process.Name}");
            }

            if (!externalTargets.Contains((string?)initdb?["secret"]?["name"]))
            {
                problems.Add($"Cluster {process.Name}-db: its owner's credentials ({(string?)initdb?["secret"]?["name"]}) do not come from an ExternalSecret");
            }

            if (set.MainContainerOf(process) is { } c
                && set.EffectiveEnv(c).GetValueOrDefault($"ConnectionStrings__{process.ConnectionStringName}")?.Value is { } connection
                && (!connection.Contains($"Host={process.Name}-db-rw", StringComparison.Ordinal)
                    || !connection.Contains($"Username={(string?)initdb?["owner"]};", StringComparison.Ordinal)))
            {
                problems.Add($"{process.Name}: its connection string does not name {process.Name}-db-rw and the owner {(string?)initdb?["owner"]}");
            }
        }

        var brokers = set.Custom(RabbitMq, "RabbitmqCluster").ToList();
        if (brokers.Count != 1)
        {
            problems.Add($"{brokers.Count} RabbitmqClusters, expected 1");
        }

        foreach (var broker in brokers)
        {
            var config = (string?)broker["spec"]?["rabbitmq"]?["additionalConfig"] ?? "";
            if (!QuorumDefault().IsMatch(config))
            {
                problems.Add("RabbitmqCluster: queues are not quorum queues by default (default_queue_type = quorum)");
            }

            if (!externalTargets.Contains((string?)broker["spec"]?["secretBackend"]?["externalSecret"]?["name"]))
            {
                problems.Add("RabbitmqCluster: its default user does not come from an ExternalSecret");
            }
        }

        return problems;
    }

    /// <summary>An HTTPRoute to the gateway's REST port and a GRPCRoute to its gRPC port, each under a parent Gateway.</summary>
    public static IReadOnlyList<string> Routes(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var (kind, port) in new[] { ("HTTPRoute", 8080), ("GRPCRoute", 8081) })
        {
            var routes = set.Custom(GatewayApi, kind).ToList();
            var backends = routes.SelectMany(r => r["spec"]?["rules"]?.AsArray() ?? []).SelectMany(rule => rule?["backendRefs"]?.AsArray() ?? []).ToList();
            if (backends.Count == 0 || backends.Any(b => (string?)b?["name"] != Suite.Gateway.Name || (long?)b?["port"] != port))
            {
                problems.Add($"{kind}: must route to Service gateway port {port} only");
            }

            if (routes.Any(r => r["spec"]?["parentRefs"]?.AsArray() is not { Count: > 0 }))
            {
                problems.Add($"{kind}: names no parent Gateway");
            }
        }

        return problems;
    }

    /// <summary>Every image by digest (what runs is exactly what was tested), in an overlay.</summary>
    public static IReadOnlyList<string> DigestPinned(ManifestSet set) =>
        ManifestChecks.PodTemplates(set)
            .SelectMany(t => (t.Pod?.Containers ?? []).Concat(t.Pod?.InitContainers ?? []).Select(c => (t.Workload, c)))
            .Where(x => !Digest().IsMatch(x.c.Image ?? ""))
            .Select(x => $"{x.Workload}/{x.c.Name}: image '{x.c.Image}' is not pinned by digest")
            .ToList();

    [GeneratedRegex(@"^[^@\s]+@sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();

    [GeneratedRegex(@"(?m)^\s*default_queue_type\s*=\s*quorum\s*$")]
    private static partial Regex QuorumDefault();

    private static IDictionary<string, string> PodLabels(ManifestSet set, string process) =>
        set.Deployments.FirstOrDefault(d => d.Metadata?.Name == process)?.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();

    private static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    private static HashSet<string> Types(V1NetworkPolicy policy) =>
        (policy.Spec.PolicyTypes ?? (policy.Spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"])).ToHashSet();

    private static bool IsEmpty(V1LabelSelector? selector) =>
        selector is null || (selector.MatchLabels is not { Count: > 0 } && selector.MatchExpressions is not { Count: > 0 });

    /// <summary>Whether a label selector (matchLabels and matchExpressions, as Kubernetes evaluates them) selects these labels.</summary>
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        return (selector.MatchLabels ?? new Dictionary<string, string>()).All(m => labels.TryGetValue(m.Key, out var v) && v == m.Value)
            && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
            {
                "In" => labels.TryGetValue(e.Key, out var v) && (e.Values ?? []).Contains(v),
                "NotIn" => !labels.TryGetValue(e.Key, out var v) || !(e.Values ?? []).Contains(v),
                "Exists" => labels.ContainsKey(e.Key),
                "DoesNotExist" => !labels.ContainsKey(e.Key),
                _ => false,
            });
    }

    private static bool SelectsJson(JsonNode? selector, IDictionary<string, string> labels) =>
        selector?["matchLabels"] is JsonObject match && match.Count > 0
        && match.All(m => labels.TryGetValue(m.Key, out var v) && v == (string?)m.Value);
}
