using NamndFollowUp.Economy;
using NamndFollowUp.Economy.Infrastructure;
using NamndFollowUp.ServiceDefaults;
using NamndFollowUp.ServiceDefaults.Adoption;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Export;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<EconomyGrpcService>();
app.MapImportUploads();
app.MapFactExport<EconomyDbContext>();
app.MapFollowUpAdoption<EconomyDbContext>();

await app.MigrateDatabaseAsync<EconomyDbContext>();
await app.RunAsync();

public partial class Program;
