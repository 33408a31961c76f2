using System.Reflection;
using Google.Protobuf.Reflection;

namespace NamndFollowUp.Web.Gateway;

public static class ProtoNames
{
    /// <summary>An enum value's name in the .proto (ASSESSMENT_LEADS_TO), which the services accept as text.</summary>
    public static string Of<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();
}
