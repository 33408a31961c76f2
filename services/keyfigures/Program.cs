using NamndFollowUp.KeyFigures;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<KeyFiguresGrpcService>();

await app.MigrateDatabaseAsync<KeyFiguresDbContext>();
await app.RunAsync();

public partial class Program;
