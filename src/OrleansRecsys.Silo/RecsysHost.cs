using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrleansRecsys.Silo;

/// <summary>Builds the silo or gateway host from <c>silo-config/{profile}.json</c> plus <c>RECSYS__*</c> environment overrides.</summary>
public static class RecsysHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        var profile = builder.Configuration["Recsys:Profile"] ?? Environment.GetEnvironmentVariable("RECSYS_PROFILE") ?? "local";
        var configDir = FindConfigDirectory();
        builder.Configuration.AddJsonFile(Path.Combine(configDir, $"{profile}.json"), optional: false);
        // Environment (RECSYS__KAFKA__BOOTSTRAPSERVERS → Recsys:Kafka:BootstrapServers) and the command line
        // override the profile file.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Configuration["Recsys:Grid:CatalogPath"] ??= Path.Combine(configDir, "features.json");
        if (!Path.IsPathRooted(builder.Configuration["Recsys:Grid:CatalogPath"]!) && !File.Exists(builder.Configuration["Recsys:Grid:CatalogPath"]))
        {
            builder.Configuration["Recsys:Grid:CatalogPath"] = Path.Combine(configDir, "features.json");
        }

        builder.AddRecsysLogging();
        var host = builder.Configuration.GetSection(RecsysHostOptions.Section).Get<RecsysHostOptions>() ?? new RecsysHostOptions();
        builder.WebHost.UseUrls(host.HttpUrl);
        builder.Services.AddOptions<RecsysHostOptions>().BindConfiguration(RecsysHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (host.Role == "gateway")
        {
            builder.AddRecsysGateway();
        }
        else
        {
            builder.AddRecsysSilo();
        }

        return builder;
    }

    /// <summary><c>silo-config/</c> in the working directory (or a parent), else the copy beside the binaries.</summary>
    public static string FindConfigDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "silo-config");
            if (File.Exists(Path.Combine(candidate, "local.json")))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "silo-config");
    }

    private static void AddRecsysLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        if (builder.Configuration["Recsys:Logging:Json"] == "true")
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }
    }
}
