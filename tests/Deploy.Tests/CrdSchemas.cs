using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace NamndFollowUp.Deploy.Tests;

/// <summary>
/// The operators' CustomResourceDefinitions checked in under deploy/k8s/crds (origin and version in its README), as
/// JSON Schemas: each served version's openAPIV3Schema, made strict as <c>kubectl apply --validate=strict</c> is (a
/// field the schema does not declare is an error, unless the schema preserves unknown fields). CEL rules
/// (x-kubernetes-validations) are not evaluated.
/// </summary>
public sealed class CrdSchemas
{
    private readonly Dictionary<(string ApiVersion, string Kind), JsonSchema> _schemas;

    private CrdSchemas(Dictionary<(string ApiVersion, string Kind), JsonSchema> schemas) => _schemas = schemas;

    private static readonly Lazy<CrdSchemas> Repository = new(() => Load(RepoPaths.CrdDir));

    public static CrdSchemas FromRepository => Repository.Value;

    public IReadOnlyCollection<(string ApiVersion, string Kind)> Kinds => _schemas.Keys;

    public bool Knows(string apiVersion, string kind) => _schemas.ContainsKey((apiVersion, kind));

    /// <summary>JSON Schema 2020-12 that lets OpenAPI's and Kubernetes' own keywords (nullable, x-kubernetes-*) through.</summary>
    private static readonly Dialect KubernetesOpenApi = Dialect.Draft202012.With([], allowUnknownKeywords: true);

    public static CrdSchemas Load(string directory)
    {
        var schemas = new Dictionary<(string, string), JsonSchema>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var crd in YamlJson.LoadAll(File.ReadAllText(file)).OfType<JsonObject>().Where(d => (string?)d["kind"] == "CustomResourceDefinition"))
            {
                var group = (string)crd["spec"]!["group"]!;
                var kind = (string)crd["spec"]!["names"]!["kind"]!;
                foreach (var version in crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().Where(v => (bool?)v["served"] == true))
                {
                    var openApi = version["schema"]!["openAPIV3Schema"]!.DeepClone().AsObject();
                    MakeStrict(openApi, isRoot: true);
                    var apiVersion = $"{group}/{(string)version["name"]!}";
                    var element = JsonSerializer.SerializeToElement(openApi);
                    schemas[(apiVersion, kind)] = JsonSchema.Build(element, new BuildOptions { Dialect = KubernetesOpenApi }, new Uri($"https://crds.local/{group}/{(string)version["name"]!}/{kind}"));
                }
            }
        }

        return new CrdSchemas(schemas);
    }

    /// <summary>The schema's violations by the object, one line each ("/spec/instances: ..."); empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonObject node)
    {
        var key = ((string?)node["apiVersion"] ?? "", (string?)node["kind"] ?? "");
        if (!_schemas.TryGetValue(key, out var schema))
        {
            return [$"no CRD schema for {key.Item1} {key.Item2}"];
        }

        var results = schema.Evaluate(JsonSerializer.SerializeToElement(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .Distinct()
            .DefaultIfEmpty("invalid (no detail)")
            .ToList();
    }

    /// <summary>
    /// additionalProperties: false wherever an object schema lists its properties and neither allows others nor says
    /// x-kubernetes-preserve-unknown-fields; metadata is the ObjectMeta every object has, checked by the API server.
    /// </summary>
    private static void MakeStrict(JsonObject schema, bool isRoot)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property is JsonObject child && !(isRoot && name == "metadata"))
                {
                    MakeStrict(child, isRoot: false);
                }
            }

            if (!schema.ContainsKey("additionalProperties") && (bool?)schema["x-kubernetes-preserve-unknown-fields"] != true)
            {
                schema["additionalProperties"] = false;
            }
        }

        foreach (var keyword in new[] { "items", "additionalProperties" })
        {
            if (schema[keyword] is JsonObject child)
            {
                MakeStrict(child, isRoot: false);
            }
        }

        foreach (var keyword in new[] { "allOf", "anyOf", "oneOf" })
        {
            foreach (var child in schema[keyword]?.AsArray().OfType<JsonObject>() ?? [])
            {
                MakeStrict(child, isRoot: false);
            }
        }
    }
}
