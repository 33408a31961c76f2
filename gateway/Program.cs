using NamndFollowUp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigureOpenTelemetry();
builder.Services.AddHealthChecks();
// Routes and clusters live in configuration (appsettings.json, env ReverseProxy__...), not in code.
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();

app.MapHealthChecks("/healthz/live");
app.MapHealthChecks("/healthz/ready");
app.MapHealthChecks("/healthz");
app.MapReverseProxy();

await app.RunAsync();

public partial class Program;
