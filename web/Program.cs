using NamndFollowUp.Web;
using NamndFollowUp.Web.Components;
using NamndFollowUp.Web.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddWebSignIn();
builder.AddGatewayClients();
builder.AddWebApplicationServices();

var app = builder.Build();

app.UseWebDefaults();
app.MapSignInEndpoints();
app.MapGatewayDownloads();
app.MapRazorComponents<App>();

await app.RunAsync();

public partial class Program;
