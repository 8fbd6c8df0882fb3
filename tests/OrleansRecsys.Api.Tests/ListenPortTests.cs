using Microsoft.Extensions.Configuration;

namespace OrleansRecsys.Api.Tests;

/// <summary>The one reading of a listen URL's port, which the management and gRPC ports both rely on.</summary>
public sealed class ListenPortTests
{
    private const string Key = "Recsys:Host:SomeUrl";

    [Theory]
    [InlineData("http://127.0.0.1:5081", 5081)]
    [InlineData("https://0.0.0.0:9443", 9443)]
    [InlineData("http://[::1]:7000", 7000)]
    [InlineData("http://*:6000", 6000)]
    [InlineData("http://localhost:5090/", 5090)]
    public void The_port_is_read_from_the_url_at_the_key(string url, int port) =>
        Assert.Equal(port, ListenPort.From(Configuration(url), Key));

    [Fact]
    public void The_scheme_s_default_port_counts_when_the_url_names_none()
    {
        Assert.Equal(80, ListenPort.From(Configuration("http://127.0.0.1"), Key));
        Assert.Equal(443, ListenPort.From(Configuration("https://127.0.0.1"), Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("not a url")]
    public void An_unset_empty_dynamic_or_malformed_url_has_no_port(string? url) =>
        Assert.Null(ListenPort.From(Configuration(url), Key));

    [Fact]
    public void Only_the_named_key_is_read() =>
        Assert.Null(ListenPort.From(Configuration("http://127.0.0.1:5081"), "Recsys:Host:OtherUrl"));

    private static IConfiguration Configuration(string? url) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Key] = url }).Build();
}
