using NamndFollowUp.Planning;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<PlanningGrpcService>();

await app.MigrateDatabaseAsync<PlanningDbContext>();
await app.RunAsync();

public partial class Program;
