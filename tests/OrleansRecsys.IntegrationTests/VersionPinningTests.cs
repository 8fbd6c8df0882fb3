using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// An admin pins a rank or recommend call to a version to evaluate it: the answer comes from that version with variant
/// pinned, and the call stays out of the experiment's numbers. Only admins may pin, and only versions that can serve.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class VersionPinningTests(GridFixture grid)
{
    private const string Model = "ranker-pin";

    [Fact]
    public async Task A_pinned_call_is_served_by_that_version_as_pinned_and_counts_in_no_variant_of_the_report()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "p1", Model)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "p2", Model)).StatusCode); // registered, in no plan

        for (var i = 0; i < 5; i++)
        {
            var rank = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = $"u-pin-{i}", model = Model, candidates = new[] { "i1", "i2", "i3" }, version = "p2" })).Json();
            Assert.Equal(("p2", Variants.Pinned, false), (rank.GetProperty("version").GetString(), rank.GetProperty("variant").GetString(), rank.GetProperty("fallback").GetBoolean()));
            Assert.DoesNotContain(RequestIds.Separator, rank.GetProperty("requestId").GetString()!); // unsigned: nothing it leads to is attributed
        }

        var recommend = await (await admin.PostAsJsonAsync("/v1/recommend", new { userId = "u-pin-r", model = Model, k = 3, version = "p2" })).Json();
        Assert.Equal(Variants.Pinned, recommend.GetProperty("variant").GetString());
        var unpinned = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "u-pin-s", model = Model, candidates = new[] { "i1", "i2" } })).Json();
        Assert.Equal(("p1", Variants.Stable), (unpinned.GetProperty("version").GetString(), unpinned.GetProperty("variant").GetString()));

        // Silos report in the same flush, so once the unpinned call shows, the pinned ones would have too.
        JsonElement report = default;
        await TestInfra.WaitUntil(async () =>
        {
            report = await (await admin.GetAsync($"/v1/models/{Model}/report")).Json();
            return report.GetProperty("variants").EnumerateArray().Any(v => v.GetProperty("version").GetString() == "p1" && v.GetProperty("requests").GetInt64() >= 1);
        }, TimeSpan.FromSeconds(30), "the stable's unpinned request to reach the report");
        var versions = report.GetProperty("variants").EnumerateArray().Select(v => (v.GetProperty("version").GetString(), v.GetProperty("requests").GetInt64()));
        Assert.Equal([("p1", 1L)], versions);
    }

    [Fact]
    public async Task A_version_the_model_lacks_is_a_404_naming_it_and_a_malformed_one_a_400_naming_the_field()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "q1", Model + "-bad")).StatusCode);

        var missing = await admin.PostAsJsonAsync("/v1/rank", new { userId = "u1", model = Model + "-bad", candidates = new[] { "i1" }, version = "q9" });
        var missingRecommend = await admin.PostAsJsonAsync("/v1/recommend", new { userId = "u1", model = Model + "-bad", k = 2, version = "q9" });
        var malformed = await admin.PostAsJsonAsync("/v1/rank", new { userId = "u1", model = Model + "-bad", candidates = new[] { "i1" }, version = "Q 9" });

        foreach (var response in new[] { missing, missingRecommend })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Json();
            Assert.Equal("q9", problem.GetProperty("version").GetString());
            Assert.Contains("has no version 'q9'", problem.GetProperty("detail").GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("version", (await malformed.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_caller_without_the_admin_role_cannot_pin_and_is_told_which_field_and_role()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "r1", Model + "-role")).StatusCode);
        using var scorer = grid.Host.Http(Roles.Score);

        var rank = await scorer.PostAsJsonAsync("/v1/rank", new { userId = "u1", model = Model + "-role", candidates = new[] { "i1" }, version = "r1" });
        var recommend = await scorer.PostAsJsonAsync("/v1/recommend", new { userId = "u1", model = Model + "-role", k = 2, version = "r1" });
        var plain = await scorer.PostAsJsonAsync("/v1/rank", new { userId = "u1", model = Model + "-role", candidates = new[] { "i1" } });

        foreach (var response in new[] { rank, recommend })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.Json();
            Assert.Equal("version", problem.GetProperty("field").GetString());
            Assert.Contains(Roles.Admin, problem.GetProperty("detail").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }
}
