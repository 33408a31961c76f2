using System.Text.Json.Nodes;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>
/// Each overlay rendered as <c>kustomize build</c> would (<see cref="Kustomize"/>), then held to every rule the base is,
/// and more: its images by digest.
/// </summary>
public sealed class OverlayTests
{
    public static TheoryData<string> Overlays => new(Directory.EnumerateDirectories(RepoPaths.OverlaysDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, Func<ManifestSet, IReadOnlyList<string>>> Rules = new()
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
        [nameof(PlatformChecks.DigestPinned)] = PlatformChecks.DigestPinned,
    };

    [Fact]
    public void There_is_a_dev_and_a_production_overlay() =>
        Assert.Equal(["dev", "production"], Directory.EnumerateDirectories(RepoPaths.OverlaysDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_renders_to_manifests_that_keep_every_rule(string overlay)
    {
        var set = ManifestSet.Render(Path.Combine(RepoPaths.OverlaysDir, overlay));
        Assert.NotEmpty(set.Objects);
        Assert.NotEmpty(set.CustomObjects);
        var problems = Rules.SelectMany(rule => rule.Value(set).Select(p => $"{rule.Key}: {p}")).ToList();
        Assert.True(problems.Count == 0, "Problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_base_alone_is_not_deployable_its_images_are_tags()
    {
        // The rule the overlays pass is a real one: the base's tags fail it.
        var set = ManifestSet.Render(RepoPaths.BaseDir);
        Assert.Equal(7, PlatformChecks.DigestPinned(set).Count); // 4 Deployments, 3 migration Jobs
    }

    [Fact]
    public void Dev_runs_one_database_instance_and_one_broker_node_production_three_of_each()
    {
        var dev = ManifestSet.Render(Path.Combine(RepoPaths.OverlaysDir, "dev"));
        var production = ManifestSet.Render(Path.Combine(RepoPaths.OverlaysDir, "production"));

        Assert.All(dev.Custom(PlatformChecks.CnpgCluster, "Cluster"), c => Assert.Equal(1L, (long?)c["spec"]!["instances"]));
        Assert.All(production.Custom(PlatformChecks.CnpgCluster, "Cluster"), c => Assert.Equal(3L, (long?)c["spec"]!["instances"]));
        Assert.Equal(1L, (long?)dev.Custom(PlatformChecks.RabbitMq, "RabbitmqCluster").Single()["spec"]!["replicas"]);
        Assert.Equal(3L, (long?)production.Custom(PlatformChecks.RabbitMq, "RabbitmqCluster").Single()["spec"]!["replicas"]);
        Assert.All(production.Autoscalers, h => Assert.Equal(10, h.Spec.MaxReplicas));
        Assert.All(production.Custom(PlatformChecks.CnpgCluster, "Cluster"), c => Assert.Equal("100Gi", (string?)c["spec"]!["storage"]!["size"]));
        // Both export traces to the collector.
        Assert.All([dev, production], set => Assert.Equal("http://otel-collector.observability:4317",
            set.ConfigMap("namnd-common")!.Data["OTEL_EXPORTER_OTLP_ENDPOINT"]));
    }

    [Fact]
    public void Every_CRD_checked_in_is_named_in_the_README_with_its_origin_and_version()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.CrdDir, "README.md"));
        var files = Directory.EnumerateFiles(RepoPaths.CrdDir, "*.yaml").Select(Path.GetFileName).OfType<string>().ToList();
        Assert.Equal(6, files.Count);
        Assert.All(files, file => Assert.Contains(file, readme, StringComparison.Ordinal));
        Assert.Equal(6, CrdSchemas.FromRepository.Kinds.Select(k => k.Kind).Distinct().Count());
    }

    [Theory]
    // A field the operator does not know, a wrong type, a value outside the enum, a required field missing.
    [InlineData(PlatformChecks.CnpgCluster, "Cluster", "/spec", "instancez", "3", "instancez")]
    [InlineData(PlatformChecks.CnpgCluster, "Cluster", "/spec", "instances", "\"three\"", "/spec/instances")]
    [InlineData(PlatformChecks.RabbitMq, "RabbitmqCluster", "/spec", "replicas", "-1", "/spec/replicas")]
    [InlineData(PlatformChecks.Monitoring, "ServiceMonitor", "/spec/endpoints/0", "scheme", "\"gopher\"", "/spec/endpoints/0/scheme")]
    [InlineData(PlatformChecks.GatewayApi, "HTTPRoute", "/spec/rules/0/backendRefs/0", "port", "70000", "/spec/rules/0/backendRefs/0/port")]
    [InlineData(PlatformChecks.ExternalSecrets, "ExternalSecret", "/spec/secretStoreRef", "kind", "\"Vault\"", "/spec/secretStoreRef/kind")]
    public void Schema_validation_refuses_a_broken_custom_resource(string apiVersion, string kind, string parent, string field, string json, string expected)
    {
        var original = ManifestSet.LoadRepository().Custom(apiVersion, kind).First();
        Assert.Empty(CrdSchemas.FromRepository.Validate(original));

        var broken = original.DeepClone().AsObject();
        var target = parent.Split('/').Skip(1).Aggregate((JsonNode)broken, (node, token) => node is JsonArray a ? a[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : node[token]!);
        target[field] = JsonNode.Parse(json);

        var problems = CrdSchemas.FromRepository.Validate(broken);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
