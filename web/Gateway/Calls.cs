using Grpc.Core;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// A part of a page that may be missing while the rest still shows: its value, or why it is missing. A refused
/// sign-in is not such a part: it ends the page (the person signs in again).
/// </summary>
public readonly record struct Maybe<T>(T? Value, string? Missing)
{
    public bool Has => Missing is null && Value is not null;
}

public static class Calls
{
    public static async Task<Maybe<T>> TryAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return new Maybe<T>(await call(), null);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Unauthenticated)
        {
            return new Maybe<T>(null, GatewayErrors.Describe(e));
        }
    }
}
