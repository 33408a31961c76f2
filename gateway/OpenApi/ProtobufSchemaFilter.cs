using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NamndFollowUp.Gateway.OpenApi;

/// <summary>
/// Schemas as JSON transcoding writes them where Grpc.Swagger says less: 64-bit integers are strings in
/// protobuf's JSON, and an enum's values carry their proto comments.
/// </summary>
public sealed class ProtobufSchemaFilter(ProtoDocs docs) : ISchemaFilter
{
    public void Apply(OpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type.IsEnum)
        {
            var values = Enum.GetNames(context.Type)
                .Select(name => (Value: OriginalName(context.Type, name), About: docs.Summary($"F:{context.Type.FullName}.{name}")))
                .Where(v => v.About is not null)
                .Select(v => $"{v.Value}: {v.About}")
                .ToList();
            if (values.Count > 0)
            {
                schema.Description = (schema.Description is { Length: > 0 } about ? about + "\n\n" : "") + string.Join('\n', values);
            }
            return;
        }
        if (ProtoDocs.Descriptor(context.Type) is not { } message)
        {
            return;
        }
        foreach (var field in message.Fields.InDeclarationOrder().Where(f => f.FieldType is FieldType.Int64 or FieldType.UInt64
            or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64))
        {
            if (schema.Properties.TryGetValue(field.JsonName, out var property))
            {
                var target = field.IsRepeated && property.Items is not null ? property.Items : property;
                target.Type = "string";
                target.Format = "int64";
            }
        }
    }

    private static string OriginalName(Type type, string name) =>
        type.GetField(name)?.GetCustomAttributes(typeof(OriginalNameAttribute), false).OfType<OriginalNameAttribute>().FirstOrDefault()?.Name ?? name;
}
