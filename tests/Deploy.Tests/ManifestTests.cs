using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>The base under deploy/k8s/base: Kubernetes' kinds loaded with the client's object model, the operators' kinds
/// validated against their CRDs.</summary>
public sealed class ManifestTests
{
    private static readonly Lazy<ManifestSet> Repository = new(ManifestSet.LoadRepository);

    private static ManifestSet Set => Repository.Value;

    private static void AssertNoProblems(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, "Problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems));

    [Fact]
    public void Every_manifest_file_parses_into_objects_of_known_kinds()
    {
        var files = ManifestSet.ManifestFileNames(RepoPaths.BaseDir);
        Assert.NotEmpty(files);
        AssertNoProblems(ManifestChecks.Parsing(Set));
        Assert.All(files, file => Assert.True(Set.Objects.Any(o => o.File == file) || Set.CustomObjects.Any(o => o.File == file), file));
        Assert.Single(Set.Namespaces, n => n.Metadata.Name == Suite.Namespace);
        Assert.NotEmpty(Set.ConfigMaps);
        Assert.NotEmpty(Set.Secrets);
    }

    [Fact]
    public void Kustomization_lists_every_other_yaml_file_in_the_folder()
    {
        var path = Path.Combine(RepoPaths.BaseDir, "kustomization.yaml");
        Assert.True(File.Exists(path), $"{path} is missing");
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(path)))
        {
            yaml.Load(reader);
        }

        var root = Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
        string? Scalar(string key) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

        Assert.Equal("kustomize.config.k8s.io/v1beta1", Scalar("apiVersion"));
        Assert.Equal("Kustomization", Scalar("kind"));
        Assert.Equal(Suite.Namespace, Scalar("namespace"));

        var resources = Assert.IsType<YamlSequenceNode>(root.Children[new YamlScalarNode("resources")]);
        var listed = resources.Children.Select(n => Assert.IsType<YamlScalarNode>(n).Value!).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            ManifestSet.ManifestFileNames(RepoPaths.BaseDir),
            listed.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Each_process_has_exactly_one_Deployment_and_one_Service() =>
        AssertNoProblems(ManifestChecks.Workloads(Set));

    [Theory]
    [MemberData(nameof(Suite.ProcessNames), MemberType = typeof(Suite))]
    public void Process_has_its_Deployment_and_Service(string name)
    {
        var process = Suite.Get(name);
        Assert.Single(Set.Deployments, d => d.Metadata.Name == name);
        Assert.Single(Set.Services, s => s.Metadata.Name == name);
        Assert.NotNull(Set.MainContainerOf(process));
    }

    [Fact]
    public void Every_container_has_a_pinned_image_resources_and_probes() =>
        AssertNoProblems(ManifestChecks.Containers(Set));

    [Fact]
    public void Backends_are_probed_over_grpc_on_their_service_port_and_the_gateway_over_http_8080() =>
        AssertNoProblems(ManifestChecks.Probes(Set));

    [Fact]
    public void Services_select_their_Deployments_pods_and_target_declared_container_ports() =>
        AssertNoProblems(ManifestChecks.ServiceWiring(Set));

    [Fact]
    public void Every_ConfigMap_and_Secret_reference_names_a_defined_object_and_key() =>
        AssertNoProblems(ManifestChecks.EnvReferences(Set));

    [Fact]
    public void Backend_connection_strings_come_from_the_Secret() =>
        AssertNoProblems(ManifestChecks.BackendSecrets(Set));

    [Fact]
    public void Pods_are_hardened_labelled_and_replicated() =>
        AssertNoProblems(ManifestChecks.Hardening(Set));

    [Fact]
    public void Configuration_agrees_with_the_declared_ports() =>
        AssertNoProblems(ManifestChecks.ConfigConsistency(Set));

    [Fact]
    public void Operator_resources_validate_against_their_CRD_schemas()
    {
        Assert.NotEmpty(Set.CustomObjects);
        AssertNoProblems(PlatformChecks.CustomResources(Set));
    }

    [Fact]
    public void Every_process_has_a_disruption_budget_and_an_autoscaler_keeping_two_pods() =>
        AssertNoProblems(PlatformChecks.Availability(Set));

    [Fact]
    public void Every_process_is_scraped_by_a_ServiceMonitor() =>
        AssertNoProblems(PlatformChecks.MetricsScraping(Set));

    [Fact]
    public void The_network_denies_by_default_and_allows_only_each_parts_paths() =>
        AssertNoProblems(PlatformChecks.NetworkIsolation(Set));

    [Fact]
    public void Migrations_run_as_Jobs_and_the_replicas_wait_for_them() =>
        AssertNoProblems(PlatformChecks.Migrations(Set));

    [Fact]
    public void Databases_and_broker_come_from_operators_with_credentials_from_the_external_store()
    {
        Assert.Empty(Set.WrittenSecrets);
        AssertNoProblems(PlatformChecks.Datastores(Set));
    }

    [Fact]
    public void Routes_lead_REST_and_gRPC_clients_to_the_gateway() =>
        AssertNoProblems(PlatformChecks.Routes(Set));
}
