using System.Reflection;
using System.Text.RegularExpressions;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// The comments of the .proto files, by the full name of what they stand above (service, method as
/// "pkg.Service/Method", message, field as "pkg.Message.field", enum, enum value as "pkg.Enum.VALUE").
/// The compiled descriptors carry no comments, so they are read from the sources: .proto files embedded in
/// the gateway assembly when the build embeds them, else the repository's protos/ above the running binary
/// (local runs and tests). Without either the document simply has no prose.
/// </summary>
public sealed partial class ProtoComments
{
    private readonly Dictionary<string, string> _comments = new(StringComparer.Ordinal);

    public static ProtoComments Empty { get; } = new();

    public string? For(string fullName) => _comments.GetValueOrDefault(fullName);

    public static ProtoComments Load()
    {
        var comments = new ProtoComments();
        var assembly = typeof(ProtoComments).Assembly;
        var embedded = assembly.GetManifestResourceNames().Where(n => n.EndsWith(".proto", StringComparison.Ordinal)).ToList();
        if (embedded.Count > 0)
        {
            foreach (var name in embedded)
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                comments.Parse(reader.ReadToEnd());
            }
            return comments;
        }
        if (FindProtosDirectory() is { } directory)
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.proto", SearchOption.AllDirectories))
            {
                comments.Parse(File.ReadAllText(file));
            }
        }
        return comments;
    }

    private static string? FindProtosDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "protos", "namnd");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private enum Scope { None, Message, Enum, Service, Oneof, Other }

    /// <summary>A line-based reader of the subset of proto3 our contracts use; enough to place comments.</summary>
    public void Parse(string source)
    {
        var package = "";
        var scopes = new Stack<(Scope Kind, string FullName)>();
        var pending = new List<string>();
        foreach (var rawLine in source.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                pending.Add(line[2..].Trim());
                continue;
            }
            var code = StripStringsAndComment(line, out var trailing);
            if (code.Length == 0)
            {
                pending.Clear();
                continue;
            }
            var comment = string.Join(' ', pending.Append(trailing ?? "").Where(c => c.Length > 0));
            pending.Clear();

            var enclosing = scopes.FirstOrDefault(s => s.Kind != Scope.Oneof && s.Kind != Scope.Other);
            var parentName = enclosing.FullName ?? package;
            Scope? opened = null;
            string? openedName = null;

            if (PackageLine().Match(code) is { Success: true } p)
            {
                package = p.Groups[1].Value;
            }
            else if (DeclarationLine().Match(code) is { Success: true } d)
            {
                openedName = $"{parentName}{(parentName.Length > 0 ? "." : "")}{d.Groups[2].Value}";
                opened = d.Groups[1].Value switch { "message" => Scope.Message, "enum" => Scope.Enum, "service" => Scope.Service, _ => Scope.Oneof };
                if (opened != Scope.Oneof)
                {
                    Add(openedName, comment);
                }
            }
            else if (enclosing.Kind == Scope.Service && scopes.Peek().Kind == Scope.Service && RpcLine().Match(code) is { Success: true } r)
            {
                Add($"{enclosing.FullName}/{r.Groups[1].Value}", comment);
                opened = Scope.Other;
            }
            else if (enclosing.Kind == Scope.Message && FieldLine().Match(code) is { Success: true } f)
            {
                Add($"{enclosing.FullName}.{f.Groups[1].Value}", comment);
            }
            else if (enclosing.Kind == Scope.Enum && scopes.Peek().Kind == Scope.Enum && EnumValueLine().Match(code) is { Success: true } v)
            {
                Add($"{enclosing.FullName}.{v.Groups[1].Value}", comment);
            }

            var opens = code.Count(c => c == '{');
            var closes = code.Count(c => c == '}');
            for (var i = 0; i < opens; i++)
            {
                // The first brace of a line opens what the line declared; any other is an options block.
                scopes.Push(i == 0 && opened is { } kind ? (kind, kind == Scope.Other ? "" : openedName!) : (Scope.Other, ""));
            }
            for (var i = 0; i < closes && scopes.Count > 0; i++)
            {
                scopes.Pop();
            }
        }
    }

    private void Add(string fullName, string comment)
    {
        if (comment.Length > 0)
        {
            _comments[fullName] = comment;
        }
    }

    /// <summary>The line without string literals (routes contain braces) and without its trailing // comment.</summary>
    private static string StripStringsAndComment(string line, out string? trailing)
    {
        trailing = null;
        var code = new System.Text.StringBuilder();
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                    code.Append('"');
                }
                continue;
            }
            if (c == '"')
            {
                inString = true;
                code.Append('"');
                continue;
            }
            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                trailing = line[(i + 2)..].Trim();
                break;
            }
            code.Append(c);
        }
        return code.ToString().Trim();
    }

    [GeneratedRegex(@"^package\s+([\w.]+)\s*;")]
    private static partial Regex PackageLine();

    [GeneratedRegex(@"^(message|enum|service|oneof)\s+(\w+)\s*\{")]
    private static partial Regex DeclarationLine();

    [GeneratedRegex(@"^rpc\s+(\w+)\s*\(")]
    private static partial Regex RpcLine();

    [GeneratedRegex(@"^(?:repeated\s+|optional\s+)?(?:map\s*<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^(\w+)\s*=\s*-?\d+")]
    private static partial Regex EnumValueLine();
}
