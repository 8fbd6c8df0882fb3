using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansRecsys.Api.Tests;

/// <summary>The console's files: served anonymously from the assembly, under a strict Content-Security-Policy.</summary>
public sealed partial class ConsoleApiTests : IAsyncLifetime
{
    private ApiTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_page_is_served_without_a_token_under_a_policy_that_allows_no_inline_script_and_no_other_origin()
    {
        using var response = await _host.Client.GetAsync("/console/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_the_page_offers_the_pasted_token_only()
    {
        var signIn = await _host.Client.GetFromJsonAsync<ConsoleSignIn>("/console/sign-in.json");

        Assert.Equal(ConsoleSignIn.PastedTokenOnly, signIn);
    }

    [Fact]
    public async Task With_a_provider_and_a_client_id_the_page_may_sign_in_there_and_connect_to_it_only()
    {
        await using var host = await ApiTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Recsys:Console:OidcClientId"] = "console-client" },
            auth: new Dictionary<string, string> { ["Authority"] = "https://id.example.org/realms/recsys/", ["RequireHttpsMetadata"] = "true" });

        using var response = await host.Client.GetAsync("/console/sign-in.json");
        var signIn = await response.Content.ReadFromJsonAsync<ConsoleSignIn>();

        Assert.Equal(new ConsoleSignIn("https://id.example.org/realms/recsys", "console-client", "openid"), signIn);
        Assert.Contains("connect-src 'self' https://id.example.org;", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bare_path_redirects_to_the_page()
    {
        using var response = await _host.Client.GetAsync("/console");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Every_file_is_served_with_its_content_type_and_an_unknown_file_is_a_404()
    {
        var types = new Dictionary<string, string> { [".html"] = "text/html", [".css"] = "text/css", [".js"] = "text/javascript" };
        Assert.Contains("app.js", ConsoleAssets.Names);
        foreach (var name in ConsoleAssets.Names)
        {
            using var response = await _host.Client.GetAsync($"/console/{name}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(types[Path.GetExtension(name)], response.Content.Headers.ContentType?.MediaType);
        }

        using var missing = await _host.Client.GetAsync("/console/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_browser_holding_the_current_file_gets_a_304()
    {
        using var first = await _host.Client.GetAsync("/console/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(first.Headers.ETag!.ToString()));

        using var response = await _host.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public void The_page_has_no_inline_script_style_or_handler_and_the_scripts_never_parse_data_as_markup()
    {
        var page = Text(ConsoleAssets.Index);
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.DoesNotMatch(InlineAttribute(), page);
        Assert.DoesNotContain("<style", page, StringComparison.OrdinalIgnoreCase);
        foreach (var script in ConsoleAssets.Names.Where(n => n.EndsWith(".js", StringComparison.Ordinal)))
        {
            var code = Text(script);
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
            {
                Assert.False(code.Contains(sink, StringComparison.Ordinal), $"{script} uses {sink}");
            }
        }
    }

    [Fact]
    public void The_page_loads_nothing_from_another_origin()
    {
        foreach (var name in ConsoleAssets.Names)
        {
            Assert.DoesNotMatch(OtherOrigin(), Text(name));
        }
    }

    private static string Text(string name) => Encoding.UTF8.GetString(ConsoleAssets.Find(name)!.Content);

    /// <summary>A script element with a body instead of a src.</summary>
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\s(style|on[a-z]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAttribute();

    /// <summary>An import, source or link to an absolute URL (the SVG namespace name is an identifier, not a fetch).</summary>
    [GeneratedRegex(@"(src|href|from|url\()\s*=?\s*[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex OtherOrigin();
}
