using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// A generated message as a tree of field values, kept apart from the generated C# types so that it can hold what
/// they cannot: unknown enum numbers, invalid UTF-8 in a string field, fields the descriptor does not know. It is
/// encoded as protobuf for gRPC and as JSON for REST.
/// </summary>
public sealed record Message(MessageDescriptor Descriptor, IReadOnlyList<FieldValue> Fields)
{
    public object? Get(string name) => Fields.FirstOrDefault(f => f.Field.Name == name)?.Value;

    /// <summary>The message with the field set to the value (replacing what it had), when the message has that field.</summary>
    public Message With(string name, object value) => Descriptor.FindFieldByName(name) is { IsRepeated: false } field
        ? this with { Fields = [.. Fields.Where(f => f.Field.Name != name), new FieldValue(field, value)] }
        : this;

    public Message Without(IEnumerable<string> names) =>
        this with { Fields = Fields.Where(f => !names.Contains(f.Field.Name)).ToList() };

    public byte[] ToProtobuf()
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        foreach (var field in Fields)
        {
            foreach (var value in field.Value is IReadOnlyList<object> list ? list : [field.Value])
            {
                Write(output, field.Field, value);
            }
        }
        output.Flush();
        return memory.ToArray();
    }

    private static void Write(CodedOutputStream output, FieldDescriptor field, object value)
    {
        switch (value)
        {
            case Message message:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(message.ToProtobuf()));
                break;
            case string text:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFromUtf8(text));
                break;
            case byte[] bytes:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(bytes));
                break;
            case bool flag:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteBool(flag);
                break;
            case long number:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteInt64(number);
                break;
            default:
                throw new NotSupportedException($"{field.FullName}: {value.GetType()}");
        }
    }

    /// <summary>The message as proto3 JSON (lowerCamel names, enums by name when known, int64 as strings).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var field in Fields)
        {
            json[field.Field.JsonName] = field.Value is IReadOnlyList<object> list
                ? new JsonArray(list.Select(v => Json(field.Field, v)).ToArray())
                : Json(field.Field, field.Value);
        }
        return json;
    }

    public static JsonNode? Json(FieldDescriptor field, object value) => value switch
    {
        Message message => message.ToJson(),
        string text => JsonValue.Create(text),
        byte[] bytes when field.FieldType == FieldType.String => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        bool flag => JsonValue.Create(flag),
        long number when field.FieldType == FieldType.Enum =>
            field.EnumType.FindValueByNumber((int)number) is { } known ? JsonValue.Create(known.Name) : JsonValue.Create(number),
        long number when field.FieldType == FieldType.Int64 => JsonValue.Create(number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        long number => JsonValue.Create(number),
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    /// <summary>Short enough for a test's failure message and docs/fuzz-findings.md.</summary>
    public override string ToString() => Describe.Shorten(ToJson().ToJsonString(Describe.Options));
}

/// <summary>One field's value: a scalar (string, byte[], long, bool), a <see cref="Message"/>, or a list of them.</summary>
public sealed record FieldValue(FieldDescriptor Field, object Value);

public static class Describe
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Long values (megabyte strings) shown as their start, length and end.</summary>
    public static string Shorten(string text, int max = 600) =>
        text.Length <= max ? text : $"{text[..(max / 2)]}…[{text.Length} chars]…{text[^(max / 4)..]}";
}
