using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Silo;

/// <summary>Builds the silo or gateway host from <c>silo-config/{profile}.json</c> plus <c>RECSYS__*</c> environment overrides.</summary>
public static class RecsysHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        var configDirectory = FindConfigDirectory();
        var profile = builder.AddProfileConfiguration(configDirectory, args, overrides);
        builder.UseCatalogFromConfigDirectory(configDirectory);
        builder.AddRecsysLogging();
        var settings = builder.AddStartupSettings(profile);
        builder.AddRecsysHttpEndpoints(settings);
        builder.AddRecsysTracing();
        if (settings.Host.IsGateway)
        {
            builder.AddRecsysGateway(settings);
        }
        else
        {
            builder.AddRecsysSilo(settings);
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

    /// <summary>The profile's file, then the environment, the command line and the caller's overrides on top.</summary>
    private static string AddProfileConfiguration(this WebApplicationBuilder builder, string configDirectory, string[] args, IDictionary<string, string?>? overrides)
    {
        var profile = RecsysProfile.Select(builder.Configuration, overrides);
        builder.Configuration.AddJsonFile(RecsysProfile.File(configDirectory, profile), optional: false);
        // Environment (RECSYS__KAFKA__BOOTSTRAPSERVERS → Recsys:Kafka:BootstrapServers) and the command line
        // override the profile file.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        return profile;
    }

    /// <summary>The feature catalogue beside the profile files unless <c>Recsys:Grid:CatalogPath</c> names one that exists
    /// (a relative default would otherwise depend on the working directory).</summary>
    private static void UseCatalogFromConfigDirectory(this WebApplicationBuilder builder, string configDirectory)
    {
        const string key = "Recsys:Grid:CatalogPath";
        var configured = builder.Configuration[key];
        if (configured is null || (!Path.IsPathRooted(configured) && !File.Exists(configured)))
        {
            builder.Configuration[key] = Path.Combine(configDirectory, "features.json");
        }
    }

    private static void AddRecsysLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Configuration["Recsys:Logging:Json"] == "true")
        {
            // Scopes carry the current trace and span ids (the host's activity tracking), so each line can be joined to its trace.
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
            return;
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
    }

    /// <summary>Role, storage and clustering decide what the builder adds, so they are validated now, not at start.</summary>
    private static StartupSettings AddStartupSettings(this WebApplicationBuilder builder, string profile)
    {
        var host = builder.Configuration.ValidatedNow(RecsysHostOptions.Section, new RecsysHostOptionsValidator());
        var storage = builder.Configuration.ValidatedNow(StorageOptions.Section, new StorageOptionsValidator());
        builder.Services.AddValidatedOptions<RecsysHostOptions, RecsysHostOptionsValidator>(RecsysHostOptions.Section);
        builder.Services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.Section);
        return new StartupSettings(profile, host, storage);
    }
}
