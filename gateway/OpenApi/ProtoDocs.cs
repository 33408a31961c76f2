using System.Xml.Linq;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using NamndFollowUp.Contracts.Common.V1;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// What the OpenAPI document needs to know of the contracts beyond what Swashbuckle reads: each generated
/// type's protobuf name (the schema ids), and the proto comments Grpc.Tools wrote into the contracts' XML
/// documentation (NamndFollowUp.Contracts.xml, GenerateDocumentationFile) for services and enum values.
/// </summary>
public sealed class ProtoDocs
{
    private readonly Dictionary<string, string> _summaries;
    private readonly Dictionary<Type, string> _protoNames;

    private ProtoDocs(Dictionary<string, string> summaries, Dictionary<Type, string> protoNames) =>
        (_summaries, _protoNames) = (summaries, protoNames);

    public static string XmlPath => Path.Combine(AppContext.BaseDirectory, "NamndFollowUp.Contracts.xml");

    public static ProtoDocs Load()
    {
        var summaries = XDocument.Load(XmlPath).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Normalize(m.Element("summary")!.Value));
        var names = new Dictionary<Type, string>();
        var files = typeof(Access).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!);
        foreach (var file in files.SelectMany(f => f.Dependencies.Append(f)).DistinctBy(f => f.Name))
        {
            foreach (var e in file.EnumTypes) names.TryAdd(e.ClrType, e.FullName);
            foreach (var m in file.MessageTypes) AddMessage(m, names);
        }
        return new ProtoDocs(summaries, names);
    }

    private static void AddMessage(MessageDescriptor message, Dictionary<Type, string> names)
    {
        if (message.ClrType is { } type) names.TryAdd(type, message.FullName);
        foreach (var e in message.EnumTypes) names.TryAdd(e.ClrType, e.FullName);
        foreach (var nested in message.NestedTypes) AddMessage(nested, names);
    }

    /// <summary>"namnd.economy.v1.ActivityFigure" for a generated type, so two packages' same names never clash.</summary>
    public string SchemaId(Type type) =>
        _protoNames.TryGetValue(type, out var name) ? name : Descriptor(type)?.FullName ?? type.Name;

    /// <summary>The proto comment of a generated member ("T:…", "F:…"), if it has one.</summary>
    public string? Summary(string member) => _summaries.GetValueOrDefault(member);

    public static MessageDescriptor? Descriptor(Type type) =>
        typeof(IMessage).IsAssignableFrom(type)
            ? type.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) as MessageDescriptor
            : null;

    // Grpc.Tools writes one comment line per XML line, indented; the document keeps the line breaks only.
    private static string Normalize(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
