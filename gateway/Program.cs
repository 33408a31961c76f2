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
app.MapOpenApiDocument();
app.MapDefaultEndpoints();
app.UseRateLimiter();
app.MapGrpcService<FollowUpGrpcService>().RequireRateLimiting(Protection.PerClientPolicy);
app.MapReverseProxy();

await app.RunAsync();
return 0;

public partial class Program;
