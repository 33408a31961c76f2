using Grpc.Net.ClientFactory;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.Web.Gateway;

namespace NamndFollowUp.Web;

public static class GatewayExtensions
{
    public const string RestClient = "gateway-rest";

    /// <summary>
    /// The gateway's gRPC port (Gateway:GrpcAddress) for everything the pages show and do, with the generated
    /// clients of protos/; its REST port (Gateway:RestAddress) only for what is a file there (documents, CSV).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayClients(this IHostApplicationBuilder builder)
    {
        var grpc = new Uri(builder.Configuration["Gateway:GrpcAddress"] ?? "http://localhost:8081");
        var rest = new Uri(builder.Configuration["Gateway:RestAddress"] ?? "http://localhost:8080");
        builder.Services.AddTransient<GatewayTokenHandler>();
        void Client(GrpcClientFactoryOptions options) => options.Address = grpc;
        builder.Services.AddGrpcClient<EconomyService.EconomyServiceClient>(Client).AddHttpMessageHandler<GatewayTokenHandler>();
        builder.Services.AddGrpcClient<PlanningService.PlanningServiceClient>(Client).AddHttpMessageHandler<GatewayTokenHandler>();
        builder.Services.AddGrpcClient<KeyFiguresService.KeyFiguresServiceClient>(Client).AddHttpMessageHandler<GatewayTokenHandler>();
        builder.Services.AddGrpcClient<FollowUpService.FollowUpServiceClient>(Client).AddHttpMessageHandler<GatewayTokenHandler>();
        builder.Services.AddGrpcClient<ReportService.ReportServiceClient>(Client).AddHttpMessageHandler<GatewayTokenHandler>();
        builder.Services.AddHttpClient(RestClient, client =>
        {
            client.BaseAddress = rest;
            client.Timeout = TimeSpan.FromMinutes(2); // a PDF is printed by Chromium behind the gateway
        }).AddHttpMessageHandler<GatewayTokenHandler>();
        return builder;
    }
}
