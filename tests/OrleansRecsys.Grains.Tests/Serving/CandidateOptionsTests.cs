using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features.Candidates;

namespace OrleansRecsys.Grains.Tests.Serving;

/// <summary>Bad candidate configuration stops the silo at start naming its key; a good one reaches the rules as configured.</summary>
public sealed class CandidateOptionsTests
{
    private static ServiceProvider Grid(Dictionary<string, string?> settings)
    {
        settings["Recsys:Grid:CatalogPath"] = Path.Combine(AppContext.BaseDirectory, "features.json");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRecsysGrid();
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("Recsys:Candidates:Quotas:Popular", "-1")]
    [InlineData("Recsys:Candidates:Quotas:CoVisitation", "1001")]
    [InlineData("Recsys:Candidates:CoVisitation:TopN", "0")]
    [InlineData("Recsys:Candidates:CoVisitation:WindowMinutes", "0")]
    [InlineData("Recsys:Candidates:TopCategories", "33")]
    [InlineData("Recsys:Candidates:ExcludeSeen:EventTypes:0", "like")]
    [InlineData("Recsys:Candidates:CoVisitation:EventTypes:0", "share")]
    [InlineData("Recsys:Candidates:RecentItemsFeature", "user_recent_purchases")]
    public void A_bad_value_names_its_key_at_start(string key, string value)
    {
        using var provider = Grid(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key, string.Join("; ", error.Failures));
    }

    [Fact]
    public void A_configured_list_of_seen_types_replaces_the_default_rather_than_adding_to_it()
    {
        using var provider = Grid(new Dictionary<string, string?> { ["Recsys:Candidates:ExcludeSeen:EventTypes:0"] = "view" });

        var rules = provider.GetRequiredService<CandidateRules>();

        Assert.Equal(CandidateRules.Bit(InteractionType.View), rules.SeenTypes);
        Assert.Equal(0b1111, rules.CoVisitTypes);
    }
}
