# gateway: REST (HTTP/1.1) on 8080, gRPC (h2c) on 8081.
# Build context: the repository root, e.g.
#   docker build -f deploy/docker/gateway.Dockerfile -t ghcr.io/namnd-followup/gateway:0.1.0 .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# The NuGet cache mount keeps packages between builds (BuildKit).
RUN --mount=type=cache,id=namnd-nuget,target=/root/.nuget/packages \
    dotnet publish gateway/Gateway.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
# 8080: REST; 8081: gRPC (h2c); 9464: /metrics where Kestrel__Endpoints__Metrics is configured.
EXPOSE 8080 8081 9464
ENTRYPOINT ["dotnet", "NamndFollowUp.Gateway.dll"]
