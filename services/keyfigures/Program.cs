using NamndFollowUp.KeyFigures;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Reports;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<KeyFiguresGrpcService>();
app.MapFactExport<KeyFiguresDbContext>();
app.MapReportLifecycle<KeyFiguresDbContext>();
app.MapKoladaUploads();

await app.MigrateDatabaseAsync<KeyFiguresDbContext>();
await app.RunAsync();

public partial class Program;
