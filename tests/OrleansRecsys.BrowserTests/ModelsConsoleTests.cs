using System.Net;
using OpenQA.Selenium;

namespace OrleansRecsys.BrowserTests;

/// <summary>The console's model registration (files picked in the browser) and user lookup.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelsConsoleTests(ConsoleFixture grid)
{
    private readonly ConsolePage _page = new(grid.Browser, grid.Url, grid.Artifacts);

    [Fact]
    public async Task A_refused_manifest_is_explained_next_to_its_field_and_a_valid_upload_registers_the_version()
    {
        await grid.RegisterAsync("upload-ui", "v1");
        var (model, manifest) = grid.WriteVersionFiles("upload-ui", "v2");
        var broken = Path.Combine(Path.GetDirectoryName(manifest)!, "broken.json");
        await File.WriteAllTextAsync(broken, "{ this is not json");
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("upload-ui");

        _page.Browser.FindElement(By.Id("register-model")).SendKeys(model);
        _page.Browser.FindElement(By.Id("register-manifest")).SendKeys(broken);
        _page.Click("register-submit");
        var error = _page.WaitForVisible(By.Id("register-manifest-error"));

        Assert.Contains("Invalid manifest (422)", error.Text);
        Assert.False(_page.Browser.FindElement(By.Id("register-model-error")).Displayed);

        _page.Browser.FindElement(By.Id("register-manifest")).Clear();
        _page.Browser.FindElement(By.Id("register-manifest")).SendKeys(manifest);
        _page.Click("register-submit");
        _page.WaitUntil(d => d.FindElement(By.Id("register-result")).Displayed, "the registration's result");

        Assert.Contains("Registered upload-ui@v2", _page.Text("register-result"));
        Assert.Contains("v2", _page.Text("versions"));
        using var reader = grid.Http(Roles.Read);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/models/upload-ui/versions/v2")).StatusCode);
    }

    [Fact]
    public void A_read_only_token_gets_no_registration_form()
    {
        _page.SignIn(TestTokens.Valid("reader", Roles.Read));
        _page.Open("ranker");

        Assert.Empty(_page.Browser.FindElements(By.Id("register-form")));
        Assert.False(_page.Browser.FindElement(By.Id("register")).Displayed);
    }

    [Fact]
    public void Looking_up_a_user_shows_the_live_features_and_ranks_and_explains_the_typed_candidates()
    {
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("ranker");

        _page.Type("lookup-user", "u42");
        _page.Type("lookup-candidates", "i1, i2 i3");
        _page.Click("lookup-submit");
        _page.WaitUntil(d => d.FindElements(By.CssSelector("#lookup-rank svg")).Count == 1, "the ranked candidates");

        Assert.Contains("Features of u42", _page.Text("lookup-features"));
        Assert.Contains("user_clicks_total", _page.Text("lookup-features"));
        Assert.Contains("Served by ranker@v1 (stable)", _page.Text("lookup-rank"));
        Assert.Equal(3, _page.Browser.FindElements(By.CssSelector("#lookup-rank rect.bar")).Count);
        Assert.NotEmpty(_page.Browser.FindElements(By.CssSelector("#lookup-explain tbody tr")));
        Assert.Contains("Contribution", _page.Text("lookup-explain"));
    }

    [Fact]
    public void A_read_only_token_sees_the_features_and_a_readable_refusal_for_the_rank()
    {
        _page.SignIn(TestTokens.Valid("reader", Roles.Read));
        _page.Open("ranker");

        _page.Type("lookup-user", "u42");
        _page.Type("lookup-candidates", "i1 i2");
        _page.Click("lookup-submit");
        _page.WaitUntil(d => d.FindElement(By.Id("lookup-result")).Text.Contains("Rank:", StringComparison.Ordinal), "the rank's refusal");

        Assert.Contains("user_clicks_total", _page.Text("lookup-features"));
        Assert.Contains("lacks the role this needs (403)", _page.Text("lookup-result"));
    }
}
