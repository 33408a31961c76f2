using NamndFollowUp.Economy;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Reports;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<EconomyGrpcService>();
app.MapImportUploads();
app.MapFactExport<EconomyDbContext>();
app.MapReportLifecycle<EconomyDbContext>();

await app.MigrateDatabaseAsync<EconomyDbContext>();
await app.RunAsync();

public partial class Program;
