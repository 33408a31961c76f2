using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using NamndFollowUp.Web.Auth;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// Every call to the gateway carries the signed-in person's own token, so the suite decides what they may
/// see and do (the app has no rights of its own there).
/// </summary>
public sealed class GatewayTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } context && await context.GetTokenAsync(DevSignIn.TokenName) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
