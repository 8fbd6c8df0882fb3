using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// <c>Recsys:Auth</c> as AddRecsysApi validates it; every failure names the configuration key to fix (data-annotation
/// failures arrive wrapped in the runtime's own sentence, so the key is looked for inside it).
/// </summary>
public sealed class AuthOptionsValidationTests
{
    private const string LongEnoughKey = "a-signing-key-that-is-at-least-32-bytes-long";

    [Fact]
    public void The_defaults_are_development_mode_without_a_key() =>
        Assert.Empty(Failures([]));

    [Fact]
    public void Production_mode_with_a_long_enough_key_is_valid() =>
        Assert.Empty(Failures(new() { ["Recsys:Auth:Mode"] = "production", ["Recsys:Auth:SigningKey"] = LongEnoughKey }));

    [Theory]
    [InlineData("Mode", "staging", "Recsys:Auth:Mode must be 'development' or 'production'")]
    [InlineData("Mode", "", "Recsys:Auth:Mode is required")]
    [InlineData("SigningKey", "too-short", "Recsys:Auth:SigningKey is 9 bytes; at least 32 are required")]
    [InlineData("SigningKey", "base64:%%%", "Recsys:Auth:SigningKey starts with 'base64:'")]
    [InlineData("Issuer", "", "Recsys:Auth:Issuer is required")]
    [InlineData("Audience", "", "Recsys:Auth:Audience is required")]
    [InlineData("RateLimitPerSecond", "0", "Recsys:Auth:RateLimitPerSecond must be 1..1000000")]
    public void A_bad_value_names_its_key(string key, string value, string message) =>
        Assert.Contains(Failures(new() { [$"Recsys:Auth:{key}"] = value }), f => f.Contains(message, StringComparison.Ordinal));

    [Theory]
    [InlineData("production")]
    [InlineData("Production")]
    public void Production_mode_refuses_to_start_without_a_signing_key(string mode) =>
        Assert.Equal(["Recsys:Auth:SigningKey (or a SigningKeys ring, or an Authority) must be set to at least 32 bytes in production mode"], Failures(new() { ["Recsys:Auth:Mode"] = mode }));

    [Fact]
    public void Production_mode_with_a_key_ring_or_an_https_authority_is_valid()
    {
        Assert.Empty(Failures(new() { ["Recsys:Auth:Mode"] = "production", ["Recsys:Auth:SigningKeys:0:Id"] = "a", ["Recsys:Auth:SigningKeys:0:Key"] = LongEnoughKey }));
        Assert.Empty(Failures(new() { ["Recsys:Auth:Mode"] = "production", ["Recsys:Auth:Authority"] = "https://idp.example/realms/recsys" }));
    }

    [Theory]
    [InlineData("Recsys:Auth:SigningKeys:1:Id", "a", "Recsys:Auth:SigningKeys:1:Id must be set and unique within the ring (got 'a')")]
    [InlineData("Recsys:Auth:SigningKeys:1:Key", "too-short", "Recsys:Auth:SigningKeys:1:Key is 9 bytes; at least 32 are required")]
    [InlineData("Recsys:Auth:SigningKey", LongEnoughKey, "Recsys:Auth:SigningKey and Recsys:Auth:SigningKeys are exclusive")]
    public void A_bad_key_ring_names_the_entry(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:Auth:SigningKeys:0:Id"] = "a", ["Recsys:Auth:SigningKeys:0:Key"] = LongEnoughKey,
            ["Recsys:Auth:SigningKeys:1:Id"] = "b", ["Recsys:Auth:SigningKeys:1:Key"] = LongEnoughKey,
            [key] = value,
        };
        Assert.Contains(Failures(settings), f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Recsys:Auth:Authority", "http://idp.example", "Recsys:Auth:Authority must be https unless Recsys:Auth:RequireHttpsMetadata is false")]
    [InlineData("Recsys:Auth:Authority", "idp.example", "Recsys:Auth:Authority must be an absolute http(s) URL")]
    [InlineData("Recsys:Auth:SigningKey", LongEnoughKey, "Recsys:Auth:Authority and Recsys:Auth:SigningKey/SigningKeys are exclusive")]
    [InlineData("Recsys:Auth:RoleClaim", "realm_access..roles", "Recsys:Auth:RoleClaim must be a claim name or a dotted path")]
    public void A_bad_provider_setting_names_its_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Recsys:Auth:Authority"] = "https://idp.example", [key] = value };
        Assert.Contains(Failures(settings), f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_former_key_name_is_refused_so_a_production_grid_never_falls_back_to_development_mode()
    {
        var failure = Assert.Single(Failures(new() { ["Recsys:Auth:Profile"] = "production", ["Recsys:Auth:SigningKey"] = LongEnoughKey }));
        Assert.Contains("Recsys:Auth:Profile", failure);
        Assert.Contains("Recsys:Auth:Mode", failure);
    }

    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRecsysApi(TelemetryServiceNames.Gateway);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<AuthOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
    }
}
