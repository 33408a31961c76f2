namespace NamndFollowUp.Deploy.Tests;

/// <summary>
/// The checks must fail on broken manifests: each case breaks one thing in an in-memory copy of the real files
/// and expects the named check to report it.
/// </summary>
public sealed class ManifestChecksCatchBreakageTests
{
    private static readonly Dictionary<string, Func<ManifestSet, IReadOnlyList<string>>> Checks = new()
    {
        [nameof(ManifestChecks.Parsing)] = ManifestChecks.Parsing,
        [nameof(ManifestChecks.Workloads)] = ManifestChecks.Workloads,
        [nameof(ManifestChecks.Containers)] = ManifestChecks.Containers,
        [nameof(ManifestChecks.Probes)] = ManifestChecks.Probes,
        [nameof(ManifestChecks.ServiceWiring)] = ManifestChecks.ServiceWiring,
        [nameof(ManifestChecks.EnvReferences)] = ManifestChecks.EnvReferences,
        [nameof(ManifestChecks.BackendSecrets)] = ManifestChecks.BackendSecrets,
        [nameof(ManifestChecks.Hardening)] = ManifestChecks.Hardening,
        [nameof(ManifestChecks.ConfigConsistency)] = ManifestChecks.ConfigConsistency,
        [nameof(PlatformChecks.CustomResources)] = PlatformChecks.CustomResources,
        [nameof(PlatformChecks.Availability)] = PlatformChecks.Availability,
        [nameof(PlatformChecks.MetricsScraping)] = PlatformChecks.MetricsScraping,
        [nameof(PlatformChecks.NetworkIsolation)] = PlatformChecks.NetworkIsolation,
        [nameof(PlatformChecks.Migrations)] = PlatformChecks.Migrations,
        [nameof(PlatformChecks.Datastores)] = PlatformChecks.Datastores,
        [nameof(PlatformChecks.Routes)] = PlatformChecks.Routes,
    };

    [Theory]
    // A field name misspelt is an error, not silently ignored.
    [InlineData("economy.yaml", "readinessProbe:", "readinesProbe:", nameof(ManifestChecks.Parsing), "economy.yaml")]
    [InlineData("gateway.yaml", "kind: Deployment", "kind: DaemonSet", nameof(ManifestChecks.Parsing), "gateway.yaml")]
    [InlineData("namespace.yaml", "enforce-version: latest\n", "enforce-version: latest\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: stray\n", nameof(ManifestChecks.Parsing), "unexpected kind V1Pod")]
    [InlineData("planning.yaml", "apiVersion: apps/v1", "apiVersion: example.com/v1", nameof(ManifestChecks.Parsing), "planning.yaml")]
    [InlineData("keyfigures.yaml", "kind: Service", "kind: ConfigMap", nameof(ManifestChecks.Workloads), "keyfigures: 0 Services")]
    [InlineData("economy.yaml", "              cpu: \"1\"\n", "", nameof(ManifestChecks.Containers), "economy/economy: no cpu limit")]
    [InlineData("planning.yaml", "              memory: 256Mi\n", "", nameof(ManifestChecks.Containers), "planning/planning: no memory request")]
    [InlineData("gateway.yaml", "gateway:0.1.0", "gateway:latest", nameof(ManifestChecks.Containers), "uses the latest tag")]
    [InlineData("keyfigures.yaml", "keyfigures:0.1.0", "keyfigures", nameof(ManifestChecks.Containers), "has no explicit tag")]
    [InlineData("economy.yaml", "              port: 5101\n", "              port: 5109\n", nameof(ManifestChecks.Probes), "economy: readinessProbe probes gRPC port 5109")]
    [InlineData("gateway.yaml", "              port: 8080\n", "              port: 8081\n", nameof(ManifestChecks.Probes), "is not 8080")]
    [InlineData("gateway.yaml", "path: /healthz/ready", "path: /healthz/live", nameof(ManifestChecks.Probes), "expected /healthz/ready")]
    [InlineData("planning.yaml", "      targetPort: grpc", "      targetPort: 5109", nameof(ManifestChecks.ServiceWiring), "which is no containerPort")]
    [InlineData("keyfigures.yaml", "appProtocol: kubernetes.io/h2c", "appProtocol: http", nameof(ManifestChecks.ServiceWiring), "appProtocol")]
    [InlineData("gateway.yaml", "    app.kubernetes.io/name: gateway\n    app.kubernetes.io/part-of: namnd-followup\n  ports:", "    app.kubernetes.io/name: gateway-typo\n    app.kubernetes.io/part-of: namnd-followup\n  ports:", nameof(ManifestChecks.ServiceWiring), "does not match the pod template labels")]
    [InlineData("economy.yaml", "key: economy-postgres", "key: economy-pg", nameof(ManifestChecks.EnvReferences), "absent from Secret")]
    [InlineData("planning.yaml", "name: planning-config", "name: planning-settings", nameof(ManifestChecks.EnvReferences), "ConfigMap 'planning-settings' is not defined")]
    [InlineData("keyfigures.yaml", "name: namnd-connection-strings\n                  key: rabbitmq", "name: rabbit-secret\n                  key: rabbitmq", nameof(ManifestChecks.EnvReferences), "undefined Secret 'rabbit-secret'")]
    [InlineData("economy.yaml", "secretKeyRef:\n                  name: namnd-connection-strings\n                  key: economy-postgres", "configMapKeyRef:\n                  name: economy-config\n                  key: Urls", nameof(ManifestChecks.BackendSecrets), "comes from a ConfigMap")]
    [InlineData("planning.yaml", "key: planning-postgres", "key: economy-postgres", nameof(ManifestChecks.BackendSecrets), "does not name Database=namnd_planning")]
    [InlineData("configmap.yaml", "  Kestrel__Endpoints__Grpc__Url: http://0.0.0.0:5103\n", "  Kestrel__Endpoints__Grpc__Url: http://0.0.0.0:5103\n  ConnectionStrings__KeyFigures: Host=db;Password=x\n", nameof(ManifestChecks.BackendSecrets), "belongs in a Secret")]
    [InlineData("economy.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", nameof(ManifestChecks.Hardening), "readOnlyRootFilesystem")]
    [InlineData("gateway.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", nameof(ManifestChecks.Hardening), "allowPrivilegeEscalation")]
    [InlineData("planning.yaml", "mountPath: /tmp", "mountPath: /scratch", nameof(ManifestChecks.Hardening), "/tmp")]
    [InlineData("keyfigures.yaml", "  revisionHistoryLimit: 5", "  replicas: 2\n  revisionHistoryLimit: 5", nameof(ManifestChecks.Hardening), "replicas 2 set in the Deployment")]
    [InlineData("migrations.yaml", "runAsNonRoot: true\n            readOnlyRootFilesystem: true", "runAsNonRoot: true\n            readOnlyRootFilesystem: false", nameof(ManifestChecks.Hardening), "Job economy-migrate/migrate: readOnlyRootFilesystem")]
    [InlineData("configmap.yaml", "Grpc__Url: http://0.0.0.0:5102", "Grpc__Url: http://0.0.0.0:5109", nameof(ManifestChecks.ConfigConsistency), "planning: Kestrel__Endpoints__Grpc__Url")]
    [InlineData("configmap.yaml", "  Database__Migrations: Wait\n  # Focus", "  Database__Migrations: Apply\n  # Focus", nameof(ManifestChecks.ConfigConsistency), "planning: Database__Migrations")]
    [InlineData("economy.yaml", "service: namnd.economy.v1.EconomyService", "service: \"\"", nameof(ManifestChecks.Probes), "economy: readinessProbe asks for gRPC health service ''")]
    // The platform's rules.
    [InlineData("postgres.yaml", "  instances: 3", "  instancez: 3", nameof(PlatformChecks.CustomResources), "Cluster economy-db")]
    [InlineData("rabbitmq.yaml", "  replicas: 3", "  replicas: three", nameof(PlatformChecks.CustomResources), "/spec/replicas")]
    [InlineData("routes.yaml", "      backendRefs:\n        - name: gateway\n          port: 8080", "      backendRefs:\n        - name: gateway\n          port: 8080\n          weight: heavy", nameof(PlatformChecks.CustomResources), "HTTPRoute gateway-rest")]
    [InlineData("service-monitors.yaml", "      interval: 30s", "      intervall: 30s", nameof(PlatformChecks.CustomResources), "ServiceMonitor economy")]
    [InlineData("external-secrets.yaml", "    creationPolicy: Owner", "    creationPolicy: Sometimes", nameof(PlatformChecks.CustomResources), "ExternalSecret")]
    [InlineData("disruption-budgets.yaml", "      app.kubernetes.io/name: planning", "      app.kubernetes.io/name: planing", nameof(PlatformChecks.Availability), "planning: 0 PodDisruptionBudgets")]
    [InlineData("autoscalers.yaml", "  minReplicas: 2", "  minReplicas: 1", nameof(PlatformChecks.Availability), "minReplicas is 1")]
    [InlineData("autoscalers.yaml", "    name: gateway\n", "    name: gateway-old\n", nameof(PlatformChecks.Availability), "gateway: 0 HorizontalPodAutoscalers")]
    [InlineData("service-monitors.yaml", "    - port: metrics", "    - port: grpc", nameof(PlatformChecks.MetricsScraping), "does not scrape port metrics")]
    [InlineData("network-policies.yaml", "  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress", "  podSelector: {}\n  policyTypes:\n    - Ingress", nameof(PlatformChecks.NetworkIsolation), "no default-deny")]
    [InlineData("network-policies.yaml", "              app.kubernetes.io/name: keyfigures\n              app.kubernetes.io/part-of: namnd-followup\n      ports:\n        - protocol: TCP\n          port: 5101", "              app.kubernetes.io/part-of: namnd-followup\n      ports:\n        - protocol: TCP\n          port: 5101", nameof(PlatformChecks.NetworkIsolation), "economy: port 5101 is open to more than")]
    [InlineData("network-policies.yaml", "              cnpg.io/cluster: planning-db\n      ports:\n        - protocol: TCP\n          port: 5432\n---", "              cnpg.io/cluster: economy-db\n      ports:\n        - protocol: TCP\n          port: 5432\n---", nameof(PlatformChecks.NetworkIsolation), "planning: may reach a database not its own (economy-db)")]
    [InlineData("network-policies.yaml", "          port: 9464", "          port: 9090", nameof(PlatformChecks.NetworkIsolation), "its metrics port must be open")]
    [InlineData("migrations.yaml", "name: namnd-migrate", "name: namnd-common", nameof(PlatformChecks.Migrations), "Database__Migrations is not ApplyAndExit")]
    [InlineData("migrations.yaml", "image: ghcr.io/namnd-followup/keyfigures:0.1.0", "image: ghcr.io/namnd-followup/keyfigures:0.0.9", nameof(PlatformChecks.Migrations), "is not the Deployment's")]
    [InlineData("postgres.yaml", "      database: namnd_planning", "      database: planning", nameof(PlatformChecks.Datastores), "expected namnd_planning")]
    [InlineData("rabbitmq.yaml", "default_queue_type = quorum", "default_queue_type = classic", nameof(PlatformChecks.Datastores), "not quorum queues")]
    [InlineData("namespace.yaml", "enforce-version: latest\n", "enforce-version: latest\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: namnd-connection-strings\n  namespace: namnd\nstringData:\n  rabbitmq: amqp://x\n", nameof(PlatformChecks.Datastores), "is checked in")]
    [InlineData("routes.yaml", "          port: 8081", "          port: 8080", nameof(PlatformChecks.Routes), "GRPCRoute: must route to Service gateway port 8081")]
    [InlineData("configmap.yaml", "http://keyfigures:5103", "http://keyfigures:5101", nameof(ManifestChecks.ConfigConsistency), "keyfigures__Destinations")]
    public void Check_reports_a_broken_copy(string file, string find, string replace, string check, string expectedProblem)
    {
        var files = ManifestSet.ReadRepositoryFiles().ToDictionary(f => f.Key, f => f.Value.ReplaceLineEndings("\n"));

        // The untouched files pass this check ...
        Assert.Empty(Checks[check](ManifestSet.Load(files)));

        // ... and the same files with one thing broken do not.
        Assert.Contains(find, files[file], StringComparison.Ordinal);
        files[file] = files[file].Replace(find, replace, StringComparison.Ordinal);

        var problems = Checks[check](ManifestSet.Load(files));
        Assert.Contains(problems, p => p.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ghcr.io/namnd-followup/economy:0.1.0", "0.1.0")]
    [InlineData("localhost:5000/economy:1.2", "1.2")]
    [InlineData("localhost:5000/economy", null)]
    [InlineData("ghcr.io/namnd-followup/economy", null)]
    [InlineData("ghcr.io/namnd-followup/economy:", null)]
    [InlineData("ghcr.io/namnd-followup/economy@sha256:abc", "sha256:abc")]
    public void Image_tags_are_read_past_registry_ports(string image, string? tag) =>
        Assert.Equal(tag, ManifestChecks.ImageTag(image));
}
