using CsCheck;
using Google.Protobuf.Reflection;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Generators of requests driven by the descriptors alone: every field of every request message gets ordinary,
/// boundary and hostile values by its type (and, for the fields that scope a request, by its name), messages nest
/// as deep as the contracts allow, and repeated fields get none, a few or many elements. The ordinary choices come
/// first in every frequency table, so CsCheck shrinks a failing request towards the ordinary request that still fails.
/// </summary>
public sealed class Generators(Tenants tenants, Tenant? target = null)
{
    private readonly Dictionary<string, Gen<Message>> _messages = [];

    private Tenant Target => target ?? tenants.Attacker;

    public Gen<Message> For(MessageDescriptor descriptor) => Message(descriptor, 0);

    /// <summary>A request of the RPC, scoped to the target's municipality and committee most of the time.</summary>
    public Gen<Message> Request(Rpc rpc) => For(rpc.Descriptor.InputType);

    private Gen<Message> Message(MessageDescriptor descriptor, int depth)
    {
        if (_messages.TryGetValue(descriptor.FullName, out var known))
        {
            return known;
        }
        Gen<Message> gen;
        if (descriptor.FullName == "namnd.common.v1.Decimal")
        {
            var value = descriptor.FindFieldByName("value");
            gen = Weighted.Of((4, Gen.OneOf(Values.Amounts)), (1, HostileString))
                .Select(v => new Message(descriptor, [new FieldValue(value, v)]));
        }
        else
        {
            var fields = descriptor.Fields.InFieldNumberOrder().Where(_ => depth < 6).ToList();
            var acc = Gen.Const(System.Collections.Immutable.ImmutableList<FieldValue>.Empty);
            foreach (var field in fields)
            {
                var fieldGen = Field(field, depth);
                acc = Gen.Select(acc, fieldGen, (list, value) => value is null ? list : list.Add(value));
            }
            gen = acc.Select(list => new Message(descriptor, list));
        }
        _messages[descriptor.FullName] = gen;
        return gen;
    }

    /// <summary>A field's value, or null (not set): the scope fields are nearly always set.</summary>
    private Gen<FieldValue?> Field(FieldDescriptor field, int depth)
    {
        var single = Single(field, depth);
        if (field.IsRepeated)
        {
            var list = Weighted.Of((6, single.List[0, 3]), (1, single.List[20, 60]))
                .Select(items => items.Count == 0 ? null : new FieldValue(field, items.Cast<object>().ToList()));
            return list;
        }
        var present = single.Select(v => (FieldValue?)new FieldValue(field, v));
        var weightUnset = field.Name is "municipality_code" or "committee_code" or "service" or "period" ? 0 : 1;
        return weightUnset == 0 ? present : Weighted.Of((weightUnset, Gen.Const((FieldValue?)null)), (3, present));
    }

    private Gen<object> Single(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => Text(field),
        FieldType.Bytes => Weighted.Of((3, Gen.OneOf(Values.Files)), (1, Gen.Byte.Array[0, 64])).Select(b => (object)b),
        FieldType.Bool => Gen.Bool.Select(b => (object)b),
        FieldType.Enum => Weighted.Of(
            (5, Gen.OneOf(field.EnumType.Values.Select(v => (long)v.Number).ToArray())),
            (1, Gen.OneOf(Values.UnknownEnumNumbers))).Select(n => (object)n),
        FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 when field.Name == "year" =>
            Gen.OneOf(Values.Years).Select(n => (object)n),
        FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 =>
            Gen.OneOf(Values.Numbers).Select(n => (object)n),
        FieldType.Message when field.MessageType.FullName == "namnd.common.v1.Period" => Period(field.MessageType),
        FieldType.Message => Message(field.MessageType, depth + 1).Select(m => (object)m),
        _ => throw new NotSupportedException($"{field.FullName}: {field.FieldType}"),
    };

    /// <summary>Mostly the seeded full year 2024, so that writes reach the domain's rules and the seeded data.</summary>
    private Gen<object> Period(MessageDescriptor descriptor)
    {
        var year = descriptor.FindFieldByName("year");
        var point = descriptor.FindFieldByName("point");
        var ordinary = Gen.Const(new Message(descriptor, [new FieldValue(year, 2024L), new FieldValue(point, 14L)]));
        var any = Gen.Select(Gen.OneOf(Values.Years), Weighted.Of(
                (4, Gen.OneOf(point.EnumType.Values.Select(v => (long)v.Number).ToArray())), (1, Gen.OneOf(Values.UnknownEnumNumbers))),
            (y, p) => new Message(descriptor, [new FieldValue(year, y), new FieldValue(point, p)]));
        return Weighted.Of((3, ordinary), (2, any)).Select(m => (object)m);
    }

    private Gen<object> Text(FieldDescriptor field)
    {
        Gen<object> Strings(params string[] values) => Gen.OneOf(values).Select(v => (object)v);
        var hostile = Weighted.Of((6, HostileString.Select(s => (object)s)), (1, Gen.OneOf(Values.InvalidUtf8).Select(b => (object)b)));
        return field.Name switch
        {
            "municipality_code" => Weighted.Of((12, Strings(Target.Municipality)), (1, Strings(tenants.Victim.Municipality)), (1, hostile)),
            "committee_code" => Weighted.Of((10, Strings(Target.Committee)), (2, Strings(Target.OtherCommittee)),
                (1, Strings(tenants.Victim.Committee)), (1, hostile)),
            "service" => Weighted.Of((8, Strings("economy", "planning", "keyfigures")), (1, hostile)),
            _ => Weighted.Of((3, Strings(Values.DomainText)), (2, hostile)),
        };
    }

    private static Gen<string> HostileString { get; } = Weighted.Of(
        (4, Gen.OneOf(Values.HostileText)),
        (1, Gen.Char.Array[0, 40].Select(c => new string(c))));
}
