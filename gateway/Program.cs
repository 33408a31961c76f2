using NamndFollowUp.Gateway;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Auth;

if (args is ["mint-token", .. var options])
{
    return MintTokenCommand.Run(options);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSuiteReflection();
builder.AddGatewayProtection();
builder.AddComposition();
// Routes and clusters live in configuration (appsettings.json, env ReverseProxy__...), not in code.
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();

app.UseGatewayProtection();
app.UseServiceSelection();
app.UseEmptyPathSegmentRefusal();
// Routing after the header is checked: a header that matched several proxy routes would fail inside routing.
app.UseRouting();
app.MapOpenApiDocument();
app.MapDefaultEndpoints();
app.UseRateLimiter();
app.MapGrpcService<FollowUpGrpcService>().RequireRateLimiting(Protection.PerClientPolicy);
// Proxied calls need a token here and are authorised by the service against the endpoint that runs there.
app.MapReverseProxy(UnavailableService.Pipeline).Add(endpoint => endpoint.Metadata.Add(DeclaredAccess.Proxied));

await app.RunAsync();
return 0;

public partial class Program;
