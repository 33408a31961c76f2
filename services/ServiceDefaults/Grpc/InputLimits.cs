using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>
/// Checks every string and every amount of a request against <see cref="DomainLimits"/> by walking the message's
/// descriptor, whatever the RPC: a NUL in a comment, a 1 MB code or an amount with 28 decimals is refused naming
/// its field (e.g. <c>figures[3].actual</c>) before a service method sees it, instead of failing in PostgreSQL
/// or being rounded. What a field holds is told by its name, as the contracts name them consistently; the service
/// methods then check what only they know (a code that must exist, a municipality's four digits).
/// </summary>
public static class InputLimits
{
    private enum TextKind { Code, KoladaKpiId, Line, Formula, File, Text }

    private sealed record Rule(TextKind Kind, int MaxLength);

    // Fields of one line whose columns are narrower than a name's.
    private static readonly Dictionary<string, Rule> Named = new(StringComparer.Ordinal)
    {
        ["kolada_kpi_id"] = new(TextKind.KoladaKpiId, 6),
        ["formula"] = new(TextKind.Formula, DomainLimits.FormulaMaxLength),
        ["content"] = new(TextKind.File, int.MaxValue),
        ["case_number"] = new(TextKind.Line, 40),
        ["reference"] = new(TextKind.Line, 60),
        ["decision_reference"] = new(TextKind.Line, 60),
        ["input"] = new(TextKind.Line, 64),
        ["change_token"] = new(TextKind.Line, 200),
    };

    public static void ThrowIfInvalid(IMessage message)
    {
        List<FieldViolation>? violations = null;
        Walk(message, "", ref violations);
        if (violations is not null)
        {
            throw new ValidationFailedException(violations);
        }
    }

    private static void Walk(IMessage message, string path, ref List<FieldViolation>? violations)
    {
        if (message is Contracts.Common.V1.Decimal amount)
        {
            // An empty value is the service's to judge (required or not); anything written must be an amount.
            if (amount.Value.Length > 0 && DomainLimits.AmountProblem(amount.Value, out _) is { } problem)
            {
                (violations ??= []).Add(new FieldViolation(path, $"{problem}, got '{Shorten(amount.Value)}'"));
            }
            return;
        }
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType is not (FieldType.String or FieldType.Message or FieldType.Int32 or FieldType.Int64))
            {
                continue;
            }
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    Check(field.MessageType.FindFieldByNumber(2), field.Name, $"{name}[{entry.Key}]", entry.Value, ref violations);
                }
            }
            else if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (IList)value)
                {
                    Check(field, field.Name, $"{name}[{i++}]", item, ref violations);
                }
            }
            else
            {
                Check(field, field.Name, name, value, ref violations);
            }
        }
    }

    private static void Check(FieldDescriptor field, string fieldName, string path, object? value, ref List<FieldViolation>? violations)
    {
        switch (value)
        {
            case IMessage nested:
                Walk(nested, path, ref violations);
                break;
            case string text when text.Length > 0 && TextProblem(fieldName, text) is { } problem:
                (violations ??= []).Add(new FieldViolation(path, problem));
                break;
            // A document's version: 0 is "the latest", a negative one names nothing.
            case int or long when field.Name.EndsWith("version", StringComparison.Ordinal) && Convert.ToInt64(value) < 0:
                (violations ??= []).Add(new FieldViolation(path, $"must be 0 (the latest) or a version number from 1, got {value}"));
                break;
        }
    }

    private static string? TextProblem(string fieldName, string text)
    {
        var rule = RuleFor(fieldName);
        switch (rule.Kind)
        {
            case TextKind.Code:
                // Surrounding blanks are trimmed by the mapping; inside, a code is letters, digits and - _ . /.
                if (DomainLimits.CharacterProblem(text, multiline: false) is { } character)
                {
                    return character;
                }
                return DomainLimits.CodeProblem(text.AsSpan().Trim()) is { } codeProblem ? $"{codeProblem}, got '{Shorten(text)}'" : null;
            case TextKind.KoladaKpiId:
                return DomainLimits.IsKoladaKpiId(text.AsSpan().Trim()) ? null
                    : $"must be a Kolada KPI id, a capital letter and five digits (e.g. N17473), got '{Shorten(text)}'";
            case TextKind.File:
                // The file's own reader names lines and columns; what no text may hold is refused here.
                return DomainLimits.CharacterProblem(text, multiline: true);
            default:
                return DomainLimits.TextProblem(text, multiline: rule.Kind == TextKind.Text, rule.MaxLength);
        }
    }

    private static Rule RuleFor(string fieldName)
    {
        if (Named.TryGetValue(fieldName, out var rule))
        {
            return rule;
        }
        if (fieldName is "code" or "codes" || fieldName.EndsWith("_code", StringComparison.Ordinal) || fieldName.EndsWith("_codes", StringComparison.Ordinal)
            || fieldName is "layout" or "group_id")
        {
            return new(TextKind.Code, DomainLimits.CodeMaxLength);
        }
        if (fieldName.EndsWith("name", StringComparison.Ordinal) || fieldName is "title" or "label" or "heading" or "unit" or "section"
            || fieldName.EndsWith("_by", StringComparison.Ordinal) || fieldName.EndsWith("date", StringComparison.Ordinal) || fieldName.EndsWith("_on", StringComparison.Ordinal))
        {
            return new(TextKind.Line, DomainLimits.NameMaxLength);
        }
        return new(TextKind.Text, DomainLimits.TextMaxLength);
    }

    /// <summary>A value quoted in an error: enough to recognise it, never a megabyte echoed back.</summary>
    public static string Shorten(string value) =>
        (value.Length <= 40 ? value : value[..40] + "…").Replace("\0", "\\u0000", StringComparison.Ordinal);
}
