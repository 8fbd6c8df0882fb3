# OrleansRecsys image: the silo host (which is also the HTTP gateway when Recsys:Host:Role=gateway)
# plus recsysctl. Build from the repository root:
#
#   docker build -t orleans-recsys .
#
# The same image serves every role in docker-compose.yml; configuration comes from
# /app/silo-config/{profile}.json and environment variables (see docs/operations.md).

# ---------------------------------------------------------------------------------------------
# build: restore once per change to the project files, then publish the silo and the CLI
# ---------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project files first, so that `dotnet restore` stays cached while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/OrleansRecsys.Abstractions/OrleansRecsys.Abstractions.csproj src/OrleansRecsys.Abstractions/
COPY src/OrleansRecsys.Security/OrleansRecsys.Security.csproj         src/OrleansRecsys.Security/
COPY src/OrleansRecsys.Kafka/OrleansRecsys.Kafka.csproj               src/OrleansRecsys.Kafka/
COPY src/OrleansRecsys.Client/OrleansRecsys.Client.csproj             src/OrleansRecsys.Client/
COPY src/OrleansRecsys.Features/OrleansRecsys.Features.csproj         src/OrleansRecsys.Features/
COPY src/OrleansRecsys.Inference/OrleansRecsys.Inference.csproj       src/OrleansRecsys.Inference/
COPY src/OrleansRecsys.Grains/OrleansRecsys.Grains.csproj             src/OrleansRecsys.Grains/
COPY src/OrleansRecsys.Ingestion/OrleansRecsys.Ingestion.csproj       src/OrleansRecsys.Ingestion/
COPY src/OrleansRecsys.Api/OrleansRecsys.Api.csproj                   src/OrleansRecsys.Api/
COPY src/OrleansRecsys.Rpc/OrleansRecsys.Rpc.csproj                   src/OrleansRecsys.Rpc/
COPY src/OrleansRecsys.Training/OrleansRecsys.Training.csproj         src/OrleansRecsys.Training/
COPY src/OrleansRecsys.Silo/OrleansRecsys.Silo.csproj                 src/OrleansRecsys.Silo/
COPY src/OrleansRecsys.Cli/OrleansRecsys.Cli.csproj                   src/OrleansRecsys.Cli/
RUN dotnet restore src/OrleansRecsys.Silo/OrleansRecsys.Silo.csproj -r linux-x64 \
 && dotnet restore src/OrleansRecsys.Cli/OrleansRecsys.Cli.csproj -r linux-x64

# Sources, and silo-config (the silo project links silo-config/** into its publish output).
COPY src/ src/
COPY silo-config/ silo-config/

# linux-x64 only: keeps the publish output free of the Windows/macOS natives of ONNX Runtime,
# librdkafka and ML.NET.
RUN dotnet publish src/OrleansRecsys.Silo/OrleansRecsys.Silo.csproj -c Release -r linux-x64 --self-contained false \
        --no-restore -p:DebugType=none -o /app \
 && dotnet publish src/OrleansRecsys.Cli/OrleansRecsys.Cli.csproj -c Release -r linux-x64 --self-contained false \
        --no-restore -p:DebugType=none -o /app/cli

# ---------------------------------------------------------------------------------------------
# runtime: ASP.NET Core shared framework only
# ---------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# curl: container health checks (docker-compose.yml) and manual probing of /health and /metrics.
# Native libraries need nothing else: the Confluent.Kafka package ships librdkafka builds for
# linux-x64 (on Debian/Ubuntu the loader falls back to the self-contained centos8 build, which needs
# only glibc), and ONNX Runtime / ML.NET natives need libstdc++, which the base image already has.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app ./
# The app looks for silo-config/ in its working directory first, then beside its binaries; both are
# /app here. Copied explicitly so the image does not depend on the project's Content item.
COPY silo-config/ /app/silo-config/

# `recsysctl` on the PATH (the CLI is framework-dependent, like the silo).
RUN printf '#!/bin/sh\nexec dotnet /app/cli/recsysctl.dll "$@"\n' > /usr/local/bin/recsysctl \
 && chmod 0755 /usr/local/bin/recsysctl \
 && mkdir -p /var/lib/recsys/model-store /app/.recsys \
 && chown -R "$APP_UID" /var/lib/recsys /app/.recsys

# The cluster profile keeps models in /var/lib/recsys/model-store: mount ONE volume there, shared by
# every silo (docker-compose.yml does). The store is content-addressed and written atomically, so
# sharing it is safe; a silo that cannot see a registered artifact reports that version unhealthy.
#
# No profile is baked in: without RECSYS_PROFILE the image runs the embedded `local` profile, which
# listens on 127.0.0.1 only. docker-compose.yml sets RECSYS_PROFILE=cluster.

# 5080 HTTP API and /metrics; 5081 gRPC API (when Recsys:Host:GrpcUrl is set); 11111 silo-to-silo; 30000 Orleans client gateway.
EXPOSE 5080 5081 11111 30000

# Non-root user provided by the .NET base images.
USER $APP_UID

ENTRYPOINT ["dotnet", "OrleansRecsys.Silo.dll"]
