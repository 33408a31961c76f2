using NamndFollowUp.Planning;
using NamndFollowUp.Planning.Infrastructure;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Reports;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<PlanningGrpcService>();
app.MapFactExport<PlanningDbContext>();
app.MapReportLifecycle<PlanningDbContext>();

await app.MigrateDatabaseAsync<PlanningDbContext>();
await app.RunAsync();

public partial class Program;
