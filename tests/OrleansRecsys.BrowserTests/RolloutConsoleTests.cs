using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;

namespace OrleansRecsys.BrowserTests;

/// <summary>The rollout console in a real browser: sign-in, roles, rollout changes read back through the API.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RolloutConsoleTests(ConsoleFixture grid)
{
    private readonly ConsolePage _page = new(grid.Browser, grid.Url, grid.Artifacts);

    [Fact]
    public void An_admin_signs_in_with_a_pasted_token_and_sees_the_demo_model_and_its_plan()
    {
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("ranker");

        Assert.Contains("alice", _page.Text("caller"));
        Assert.Contains("can edit", _page.Text("caller"));
        Assert.Equal("v1", _page.Text("plan-stable"));
        Assert.Contains("initialize", _page.Text("history"));
        _page.Screenshot("console-overview", wholePage: true);
    }

    [Fact]
    public async Task Setting_the_canary_to_10_percent_with_a_reason_changes_the_plan_the_api_serves()
    {
        await grid.RegisterAsync("canary-ui", "a", "b", "c");
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("canary-ui");

        _page.Choose("canary-version", "b");
        _page.Type("canary-percent", "10");
        _page.Click("shadow-c");
        _page.Type("change-reason", "b trained on fresh sessions");
        _page.Click("apply");
        _page.WaitUntil(d => d.FindElement(By.Id("plan-canary")).Text == "b at 10 %", "the canary at 10 %");

        var plan = await grid.PlanAsync("canary-ui");
        Assert.Equal("b", plan.GetProperty("canary").GetString());
        Assert.Equal(10m, plan.GetProperty("canaryPercent").GetDecimal());
        Assert.Equal(["c"], plan.GetProperty("shadow").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("b trained on fresh sessions", _page.Text("history"));
        Assert.Contains("alice", _page.Text("history"));
    }

    [Fact]
    public async Task A_change_made_on_a_stale_revision_shows_the_conflict_and_the_fresh_plan()
    {
        await grid.RegisterAsync("stale-ui", "a", "b");
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("stale-ui");
        await grid.SetCanaryAsync("stale-ui", "b", 5, "someone else's change");

        _page.Choose("canary-version", "b");
        _page.Type("canary-percent", "20");
        _page.Type("change-reason", "my change, made on an old revision");
        _page.Click("apply");
        _page.WaitUntil(d => d.FindElement(By.Id("edit-error")).Displayed, "the conflict");

        Assert.Contains("stale revision", _page.Text("edit-error"));
        Assert.Equal("b at 5 %", _page.Text("plan-canary"));
        Assert.Equal(5m, (await grid.PlanAsync("stale-ui")).GetProperty("canaryPercent").GetDecimal());
        _page.Screenshot("console-stale-revision");
    }

    [Fact]
    public void A_read_only_token_sees_the_plan_but_no_control_that_changes_it()
    {
        _page.SignIn(TestTokens.Valid("reader", Roles.Read));
        _page.Open("ranker");

        Assert.Contains("read-only", _page.Text("caller"));
        Assert.Equal("v1", _page.Text("plan-stable"));
        Assert.Empty(_page.Browser.FindElements(By.CssSelector(".mutating, #apply, #promote, #rollback, #canary-form")));
        Assert.False(_page.Browser.FindElement(By.Id("edit")).Displayed);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    public void A_forged_or_expired_token_is_refused_with_an_auth_error_and_shows_no_data(string kind)
    {
        _page.SignIn(kind == "forged" ? TestTokens.Forged() : TestTokens.Expired());

        var error = _page.WaitForVisible(By.Id("auth-error"));

        Assert.Contains("refused the token (401)", error.Text);
        Assert.False(_page.Browser.FindElement(By.Id("workspace")).Displayed);
        Assert.Null(_page.Browser.ExecuteScript("return sessionStorage.getItem('recsys.console.token');"));
    }

    [Fact]
    public async Task Promoting_through_the_console_makes_the_canary_the_stable_version()
    {
        await grid.RegisterAsync("promote-ui", "a", "b");
        await grid.SetCanaryAsync("promote-ui", "b", 10, "canary to promote");
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("promote-ui");

        _page.Click("promote");
        _page.Screenshot("console-promote-dialog");
        _page.Confirm("b holds up");
        _page.WaitUntil(d => d.FindElement(By.Id("plan-stable")).Text == "b", "b as the stable version");

        var plan = await grid.PlanAsync("promote-ui");
        Assert.Equal("b", plan.GetProperty("stable").GetString());
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("canary").ValueKind);
        Assert.Contains("promote", _page.Text("history"));
    }

    [Fact]
    public async Task Escape_closes_the_promote_dialog_and_nothing_changes()
    {
        await grid.RegisterAsync("escape-ui", "a", "b");
        await grid.SetCanaryAsync("escape-ui", "b", 10, "canary that stays");
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("escape-ui");

        _page.Click("promote");
        _page.WaitForVisible(By.Id("confirm-reason")).SendKeys("changed my mind" + Keys.Escape);
        _page.WaitUntil(d => !d.FindElement(By.Id("confirm")).Displayed, "the dialog closed");

        var plan = await grid.PlanAsync("escape-ui");
        Assert.Equal("a", plan.GetProperty("stable").GetString());
        Assert.Equal("b", plan.GetProperty("canary").GetString());
        Assert.Equal(2, plan.GetProperty("revision").GetInt64());
    }

    [Fact]
    public void Signing_in_works_from_the_keyboard_alone()
    {
        _page.Browser.Navigate().GoToUrl(grid.Url + "/console/");
        _page.Browser.ExecuteScript("sessionStorage.clear();");
        _page.Browser.Navigate().Refresh();

        _page.WaitForVisible(By.Id("token")).SendKeys(TestTokens.Valid("keys", Roles.Read) + Keys.Tab);
        _page.Browser.SwitchTo().ActiveElement().SendKeys(Keys.Enter);

        _page.WaitUntil(d => d.FindElement(By.Id("caller")).Text.Contains("keys", StringComparison.Ordinal), "the signed-in caller");
        Assert.True(_page.Browser.FindElement(By.Id("workspace")).Displayed);
    }

    [Fact]
    public async Task Rolling_back_through_the_console_removes_the_canary()
    {
        await grid.RegisterAsync("rollback-ui", "a", "b");
        await grid.SetCanaryAsync("rollback-ui", "b", 25, "canary to roll back");
        _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
        _page.Open("rollback-ui");

        _page.Click("rollback");
        _page.Confirm("CTR down");
        _page.WaitUntil(d => d.FindElement(By.Id("plan-canary")).Text == "none", "the canary removed");

        var plan = await grid.PlanAsync("rollback-ui");
        Assert.Equal("a", plan.GetProperty("stable").GetString());
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("canary").ValueKind);
        Assert.Contains("CTR down", _page.Text("history"));
    }

    [Fact]
    public async Task A_reason_containing_markup_is_shown_as_text_and_never_runs()
    {
        await grid.RegisterAsync("markup-ui", "a", "b");
        const string reason = "<script>window.injected = 1</script><img src=x onerror=\"window.injected = 2\">";
        await grid.SetCanaryAsync("markup-ui", "b", 1, reason);
        _page.SignIn(TestTokens.Valid("alice", Roles.Read));
        _page.Open("markup-ui");

        Assert.Contains(reason, _page.Text("history"));
        Assert.Empty(_page.Browser.FindElements(By.CssSelector("#history script, #history img")));
        Assert.Null(_page.Browser.ExecuteScript("return window.injected ?? null;"));
    }

    [Fact]
    public async Task The_report_draws_ctr_intervals_latency_rates_and_drift_with_its_thresholds_as_charts()
    {
        await grid.RegisterAsync("results-ui", "a", "b");
        await grid.SetCanaryAsync("results-ui", "b", 50, "half and half");
        await ServeTrafficAsync("results-ui");
        _page.SignIn(TestTokens.Valid("alice", Roles.Read));
        _page.Open("results-ui");

        _page.WaitUntil(d => d.FindElements(By.CssSelector("#report figure svg")).Count >= 5, "the report's charts");

        var captions = _page.Browser.FindElements(By.CssSelector("#report figcaption")).Select(c => c.Text).ToList();
        Assert.Contains(captions, c => c.StartsWith("Click-through rate", StringComparison.Ordinal));
        Assert.Contains(captions, c => c.StartsWith("CTR difference", StringComparison.Ordinal));
        Assert.Contains("Latency", captions);
        Assert.Contains(captions, c => c.StartsWith("Input drift", StringComparison.Ordinal));
        Assert.NotEmpty(_page.Browser.FindElements(By.CssSelector("#report line.threshold-moderate")));
        Assert.NotEmpty(_page.Browser.FindElements(By.CssSelector("#report line.threshold-significant")));
        Assert.StartsWith("Guardrails:", _page.Text("verdict-text"));
        _page.Screenshot("console-report", wholePage: true);
    }

    [Fact]
    public void At_phone_width_the_page_needs_no_sideways_scrolling()
    {
        var size = _page.Browser.Manage().Window.Size;
        try
        {
            _page.Browser.Manage().Window.Size = new System.Drawing.Size(390, 844);
            _page.SignIn(TestTokens.Valid("alice", Roles.Admin));
            _page.Open("ranker");

            var overflow = Convert.ToInt64(_page.Browser.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
            _page.Screenshot("console-phone");
            Assert.True(overflow <= 0, $"the page is {overflow} px wider than a 390 px screen");
        }
        finally
        {
            _page.Browser.Manage().Window.Size = size;
        }
    }

    /// <summary>
    /// Ranks, and clicks a third of the answers (with their request ids, so the clicks are attributed), until the model's
    /// report has requests, clicks and drift samples on both arms (each silo reports once a second).
    /// </summary>
    private async Task ServeTrafficAsync(string model)
    {
        using var scorer = grid.Http(Roles.Score, Roles.Ingest);
        using var reader = grid.Http(Roles.Read);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        for (var round = 0; DateTime.UtcNow < deadline; round++)
        {
            var clicks = new List<object>();
            for (var user = 0; user < 40; user++)
            {
                var userId = $"u{round}-{user}";
                using var ranked = await scorer.PostAsJsonAsync("/v1/rank", new { userId, candidates = new[] { "i1", "i2", "i3", "i4" }, k = 2, model });
                var answer = await ranked.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
                if (user % 3 == 0)
                {
                    clicks.Add(new { eventId = $"click-{userId}", userId, itemId = answer.GetProperty("items")[0].GetProperty("itemId").GetString(), type = "click",
                        ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), requestId = answer.GetProperty("requestId").GetString() });
                }
            }

            (await scorer.PostAsJsonAsync("/v1/events", clicks)).EnsureSuccessStatusCode();
            if (await BothArmsReportedAsync(reader, model))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{model}'s report never showed requests, clicks and drift on both arms");
    }

    private static async Task<bool> BothArmsReportedAsync(HttpClient reader, string model)
    {
        var report = await reader.GetFromJsonAsync<JsonElement>($"/v1/models/{model}/report");
        var arms = report.GetProperty("variants").EnumerateArray().ToList();
        return arms.Count >= 2 && arms.All(a => a.GetProperty("requests").GetInt64() > 0 && a.GetProperty("clicks").GetInt64() > 0
            && a.GetProperty("drift").GetArrayLength() > 0);
    }
}
