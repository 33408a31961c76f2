# keyfigures: gRPC (h2c) on 5103.
# Build context: the repository root, e.g.
#   docker build -f deploy/docker/keyfigures.Dockerfile -t ghcr.io/namnd-followup/keyfigures:0.1.0 .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# The NuGet cache mount keeps packages between builds (BuildKit).
RUN --mount=type=cache,id=namnd-nuget,target=/root/.nuget/packages \
    dotnet publish services/keyfigures/KeyFigures.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Kubernetes sets Urls from the ConfigMap too; this default makes a plain `docker run` listen on the same port.
ENV ASPNETCORE_HTTP_PORTS=5103
USER $APP_UID
# 5103: gRPC (h2c); 9464: /metrics (HTTP/1.1) where Kestrel__Endpoints__Metrics is configured.
EXPOSE 5103 9464
ENTRYPOINT ["dotnet", "NamndFollowUp.KeyFigures.dll"]
