using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class ModelAndRolloutTests(GridFixture grid)
{
    private const string Model = "ranker-canary";

    [Fact]
    public async Task Registration_validates_every_property_and_serving_is_unaffected()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var (onnx, manifest) = TestModels.Ranker("reg-ok");

        async Task<(HttpStatusCode, string)> Post(byte[] bytes, object m)
        {
            var r = await admin.PostAsync("/v1/models/ranker/versions", TestModels.Upload(bytes, m));
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }

        var garbage = new byte[] { 1, 2, 3, 4, 5 };
        var cases = new (byte[] Bytes, object Manifest, string Reason)[]
        {
            (garbage, manifest with { Version = "bad1", Sha256 = Inference.ModelStore.Sha256Hex(garbage) }, "does not load"),
            (onnx, manifest with { Version = "bad2", Sha256 = new string('0', 64) }, "checksum mismatch"),
            (onnx, manifest with
            {
                Version = "bad3",
                Features = manifest.Features[..^1],
                FeatureDefaults = null,
                ReferenceHistograms = manifest.ReferenceHistograms.Where(h => h.Key != manifest.Features[^1]).ToDictionary(h => h.Key, h => h.Value),
            }, "manifest lists 13"),
            (onnx, manifest with { Version = "bad7", ReferenceHistograms = new() { ["item_price"] = new Histogram([1, 2], [5]) } }, "one more entry"),
            (onnx, manifest with { Version = "bad4", Features = [.. manifest.Features[..^1], "no_such_feature"], FeatureDefaults = null }, "not in the catalogue"),
            (onnx, manifest with { Version = "bad5", OutputName = "nope" }, "does not have"),
            (onnx, manifest with { Version = "bad6", Name = "other" }, "posted to 'ranker'"),
        };
        foreach (var (bytes, m, reason) in cases)
        {
            var (status, body) = await Post(bytes, m);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains(reason, body);
        }

        // Rejected uploads leave nothing in the store: no published file, no staged one.
        Assert.False(File.Exists(Path.Combine(grid.ModelStore, Inference.ModelStore.Sha256Hex(garbage) + ".onnx")));
        Assert.Empty(Directory.GetFiles(Path.Combine(grid.ModelStore, "staging")));

        var (created, _) = await Post(onnx, manifest);
        Assert.Equal(HttpStatusCode.Created, created);
        var (again, _) = await Post(onnx, manifest);
        Assert.Equal(HttpStatusCode.Conflict, again);

        var shown = await (await admin.GetAsync("/v1/models/ranker/versions/reg-ok")).Json();
        Assert.Equal(manifest.Sha256, shown.GetProperty("manifest").GetProperty("sha256").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/models/ranker/versions/bad3")).StatusCode);
        Assert.True(File.Exists(Path.Combine(grid.ModelStore, manifest.Sha256 + ".onnx")));

        var rank = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "u1", candidates = new[] { "i1", "i2" } })).Json();
        Assert.False(rank.GetProperty("fallback").GetBoolean());
    }

    [Fact]
    public async Task The_silo_that_validates_a_version_keeps_the_session_it_loaded_instead_of_loading_the_model_again()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var sessions = grid.Host.Services.GetRequiredService<Grains.Models.ModelSessionCache>();
        Assert.False(sessions.IsLoaded("ranker", "kept-1"));

        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "kept-1")).StatusCode);

        // Not in any rollout plan and never asked for: loaded only because validation's session was kept. ONNX Runtime
        // holds about twice a model's size while it loads one, so a second load would double what a registration costs.
        Assert.True(sessions.IsLoaded("ranker", "kept-1"));
    }

    [Fact]
    public async Task Canary_lifecycle_with_revisions_validation_routing_history_and_guardrail_rollback()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "c0", Model)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "canary-a", Model)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "canary-b", Model)).StatusCode);
        var plan = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
        var revision = plan.GetProperty("revision").GetInt64();

        await AssertBadPlansAreRefusedAsync(admin, revision, stable: plan.GetProperty("stable").GetString()!);
        await SetCanaryAndWaitForRoutingAsync(admin, revision);
        revision = await PromoteOnTheCurrentRevisionOnlyAsync(admin, revision);
        revision = await RaceTwoWritersAsync(admin, revision);
        await AssertNanCanaryIsRolledBackAsync(admin, revision);
        await AssertHistoryNamesEveryChangeAsync(admin);
    }

    private static Task<HttpResponseMessage> PutPlanAsync(HttpClient admin, object body) => admin.PutAsJsonAsync($"/v1/models/{Model}/rollout", body);

    private static async Task AssertBadPlansAreRefusedAsync(HttpClient admin, long revision, string stable)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PutPlanAsync(admin, new { canary = "missing", canaryPercent = 10, revision, reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutPlanAsync(admin, new { canary = "canary-a", canaryPercent = 100.5, revision, reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutPlanAsync(admin, new { canary = "canary-a", canaryPercent = 10.123, revision, reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutPlanAsync(admin, new { canary = stable, canaryPercent = 10, revision, reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutPlanAsync(admin, new { canary = "canary-a", canaryPercent = 10, revision })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PutPlanAsync(admin, new { canary = "canary-a", canaryPercent = 10, revision = revision - 1, reason = "r" })).StatusCode);
    }

    /// <summary>canary-a at 100% with canary-b in shadow: the revision moves on, a stale writer is refused, and the pushed plan routes to it.</summary>
    private static async Task SetCanaryAndWaitForRoutingAsync(HttpClient admin, long revision)
    {
        var set = await PutPlanAsync(admin, new { canary = "canary-a", canaryPercent = 100, shadow = new[] { "canary-b" }, revision, reason = "try canary-a" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(revision + 1, (await set.Json()).GetProperty("revision").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await PutPlanAsync(admin, new { canary = "canary-b", canaryPercent = 5, revision, reason = "stale writer" })).StatusCode);

        await TestInfra.WaitUntil(async () =>
        {
            var r = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "canary-user", model = Model, candidates = new[] { "i1", "i2" } })).Json();
            return r.GetProperty("variant").GetString() == "canary" && r.GetProperty("version").GetString() == "canary-a";
        }, TimeSpan.FromSeconds(5), "the pushed plan to route to the canary");
    }

    /// <summary>A decision names the revision it was made on: a stale or missing one changes nothing. Returns the revision after the promotion.</summary>
    private static async Task<long> PromoteOnTheCurrentRevisionOnlyAsync(HttpClient admin, long revision)
    {
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/v1/models/{Model}/rollout/promote", new { revision, reason = "stale" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/v1/models/{Model}/rollout/promote", new { reason = "no revision" })).StatusCode);
        var promoted = await (await admin.PostAsJsonAsync($"/v1/models/{Model}/rollout/promote", new { revision = revision + 1, reason = "canary-a looks good" })).Json();
        Assert.Equal("canary-a", promoted.GetProperty("stable").GetString());
        Assert.Equal(JsonValueKind.Null, promoted.GetProperty("canary").ValueKind);
        Assert.Equal(revision + 2, promoted.GetProperty("revision").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/v1/models/{Model}/rollout/rollback", new { revision = revision + 2, reason = "nothing to roll back" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/v1/models/{Model}/rollout/promote", new { revision = revision + 2 })).StatusCode);
        return promoted.GetProperty("revision").GetInt64();
    }

    /// <summary>Two writers holding the same revision: exactly one wins, and history records one change. The winner's
    /// canary is then rolled back; returns the revision after that.</summary>
    private static async Task<long> RaceTwoWritersAsync(HttpClient admin, long revision)
    {
        var historyBefore = (await (await admin.GetAsync($"/v1/models/{Model}/rollout/history")).Json()).GetArrayLength();
        var racers = await Task.WhenAll(
            PutPlanAsync(admin, new { canary = "c0", canaryPercent = 10, revision, reason = "writer one" }),
            PutPlanAsync(admin, new { canary = "canary-b", canaryPercent = 20, revision, reason = "writer two" }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], racers.Select(r => r.StatusCode).Order());
        Assert.Equal(historyBefore + 1, (await (await admin.GetAsync($"/v1/models/{Model}/rollout/history")).Json()).GetArrayLength());
        revision++;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/v1/models/{Model}/rollout/rollback", new { revision, reason = "end the race" })).StatusCode);
        return revision + 1;
    }

    /// <summary>A canary that produces NaN for some rows is rolled back automatically once each arm has minRequests; users get stable again.</summary>
    private async Task AssertNanCanaryIsRolledBackAsync(HttpClient admin, long revision)
    {
        await ServingTests.RegisterFragileAsync(admin, Model, "canary-nan");
        await ServingTests.UpsertItemsAsync(admin, grid.Host.Grains, ("gr-huge", 2e7), ("gr-ok", 5));
        var strict = new { minRequests = 10, maxErrorRateDelta = 0.05, maxFallbackRateDelta = 1.0, maxScoreTimeRatio = 0 };
        Assert.Equal(HttpStatusCode.OK, (await PutPlanAsync(admin, new { canary = "canary-nan", canaryPercent = 50, guardrails = strict, revision, reason = "nan canary" })).StatusCode);
        await TestInfra.WaitUntil(async () =>
        {
            await admin.PostAsJsonAsync("/v1/rank", new { userId = "g-" + Guid.NewGuid(), model = Model, candidates = new[] { "gr-ok", "gr-huge" } });
            var p = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
            return p.GetProperty("canary").ValueKind == JsonValueKind.Null;
        }, TimeSpan.FromSeconds(30), "the guardrail rollback");
        await TestInfra.WaitUntil(async () =>
        {
            var r = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "after-rollback", model = Model, candidates = new[] { "gr-ok", "gr-huge" } })).Json();
            return r.GetProperty("variant").GetString() == "stable" && !r.GetProperty("fallback").GetBoolean();
        }, TimeSpan.FromSeconds(5), "users to get stable again");
    }

    /// <summary>Newest first: the guardrails' rollback with its reason, the tester's promotion, revisions descending.</summary>
    private static async Task AssertHistoryNamesEveryChangeAsync(HttpClient admin)
    {
        var history = (await (await admin.GetAsync($"/v1/models/{Model}/rollout/history")).Json()).EnumerateArray().ToArray();
        Assert.Equal("rollback", history[0].GetProperty("action").GetString());
        Assert.Equal("system:guardrails", history[0].GetProperty("who").GetString());
        Assert.Contains("error rate", history[0].GetProperty("why").GetString());
        Assert.Contains(history, h => h.GetProperty("action").GetString() == "promote" && h.GetProperty("who").GetString() == "tester");
        var revisions = history.Select(h => h.GetProperty("revision").GetInt64()).ToArray();
        Assert.Equal(revisions.OrderByDescending(r => r), revisions);
    }
}
