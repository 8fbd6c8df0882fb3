using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;

namespace OrleansRecsys.Grains.Tests;

/// <summary>Bad grid configuration stops the silo at start with a message that names the configuration key.</summary>
public sealed class GridOptionsTests
{
    private static readonly string Catalog = Path.Combine(AppContext.BaseDirectory, "features.json");

    private static ServiceProvider Grid(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRecsysGrid();
        return services.BuildServiceProvider();
    }

    private static string StartFailure(Dictionary<string, string?> settings)
    {
        using var provider = Grid(settings);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        return string.Join("; ", error.Failures);
    }

    [Fact]
    public void A_missing_catalogue_names_Recsys_Grid_CatalogPath_at_start_and_when_the_catalogue_is_read()
    {
        var settings = new Dictionary<string, string?> { ["Recsys:Grid:CatalogPath"] = "/nonexistent/features.json" };

        Assert.Contains("Recsys:Grid:CatalogPath", StartFailure(settings));
        using var provider = Grid(settings);
        Assert.Contains("Recsys:Grid:CatalogPath", Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<FeatureCatalog>()).Message);
    }

    [Theory]
    [InlineData("CatalogPath", "")]
    [InlineData("ModelStoreDirectory", "")]
    [InlineData("ItemCacheMaxStalenessMs", "60001")]
    [InlineData("ItemCacheCapacity", "10")]
    [InlineData("DeadlineMs", "0")]
    [InlineData("PlanRefreshMs", "99")]
    [InlineData("MicroBatchWaitUs", "-1")]
    [InlineData("RetiredSweepSeconds", "0")]
    [InlineData("DriftSampleRate", "1.5")]
    [InlineData("DriftWindowSeconds", "9")]
    [InlineData("DriftWindowSeconds", "86401")]
    [InlineData("PredictionSampleRate", "-0.1")]
    [InlineData("PredictionVectorSampleRate", "2")]
    [InlineData("ShadowQueueCapacity", "0")]
    [InlineData("ModelInstances", "-1")]
    [InlineData("ModelInstances", "1025")]
    public void Each_out_of_range_value_names_its_key(string property, string value)
    {
        var settings = new Dictionary<string, string?> { ["Recsys:Grid:CatalogPath"] = Catalog, [$"Recsys:Grid:{property}"] = value };

        Assert.Contains($"Recsys:Grid:{property}", StartFailure(settings));
    }

    [Fact]
    public void The_defaults_with_an_existing_catalogue_start()
    {
        using var provider = Grid(new() { ["Recsys:Grid:CatalogPath"] = Catalog });
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotEmpty(provider.GetRequiredService<FeatureCatalog>().UserFeatures);
    }
}
