using NamndFollowUp.KeyFigures;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Adoption;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<KeyFiguresGrpcService>();
app.MapFactExport<KeyFiguresDbContext>();
app.MapFollowUpAdoption<KeyFiguresDbContext>();
app.MapKoladaUploads();

await app.MigrateDatabaseAsync<KeyFiguresDbContext>();
await app.RunAsync();

public partial class Program;
