using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// What is served is what was stored: a rollout change, a registration or a retirement whose write is in flight is
/// invisible to every reader (including silos pulling the plan), and one whose write fails leaves nothing behind.
/// </summary>
public sealed class PersistBeforePublishTests(GatedGridFixture grid) : IClassFixture<GatedGridFixture>
{
    private const string Model = "ranker";

    [Fact]
    public async Task A_rollout_change_is_neither_served_nor_shown_while_its_write_is_in_flight_nor_after_it_fails()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var revision = (await Plan(admin)).GetProperty("revision").GetInt64();
        var gate = grid.Storage.HoldNextWrite(StateNames.Rollout);
        var put = admin.PutAsJsonAsync($"/v1/models/{Model}/rollout", new { canary = "v2", canaryPercent = 100, revision, reason = "held write" });
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // Two plan pulls of this silo's cache happen while the write is held.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await AssertServesOnlyStable(admin, revision, "while the write is in flight");

        gate.Release(fail: true);
        var answer = await put;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await AssertServesOnlyStable(admin, revision, "after the write failed");
        var history = await (await admin.GetAsync($"/v1/models/{Model}/rollout/history")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(history.EnumerateArray(), change => change.GetProperty("why").GetString() == "held write");

        var retried = await admin.PutAsJsonAsync($"/v1/models/{Model}/rollout", new { canary = "v2", canaryPercent = 0, revision, reason = "retry" });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(revision + 1, (await Plan(admin)).GetProperty("revision").GetInt64());
        var cleared = await admin.PutAsJsonAsync($"/v1/models/{Model}/rollout", new { canary = (string?)null, canaryPercent = 0, revision = revision + 1, reason = "clean up" });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }

    [Fact]
    public async Task A_version_whose_registration_write_fails_is_not_registered_and_registers_on_retry()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var gate = grid.Storage.HoldNextWrite(StateNames.Registry);
        var register = TestModels.RegisterAsync(admin, "v3");
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/models/{Model}/versions/v3")).StatusCode);
        var revision = (await Plan(admin)).GetProperty("revision").GetInt64();
        var canaryWhileHeld = await admin.PutAsJsonAsync($"/v1/models/{Model}/rollout", new { canary = "v3", canaryPercent = 10, revision, reason = "too early" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, canaryWhileHeld.StatusCode);

        gate.Release(fail: true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await register).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/models/{Model}/versions/v3")).StatusCode);

        var retried = await TestModels.RegisterAsync(admin, "v3");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    [Fact]
    public async Task A_retirement_whose_write_fails_leaves_the_version_active()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.True((await TestModels.RegisterAsync(admin, "v4")).IsSuccessStatusCode);
        var gate = grid.Storage.HoldNextWrite(StateNames.Registry);
        var retire = admin.DeleteAsync($"/v1/models/{Model}/versions/v4");
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("active", await Status(admin, "v4"));

        gate.Release(fail: true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await retire).StatusCode);
        Assert.Equal("active", await Status(admin, "v4"));
    }

    private static async Task<JsonElement> Plan(HttpClient admin) =>
        await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string?> Status(HttpClient admin, string version) =>
        (await (await admin.GetAsync($"/v1/models/{Model}/versions/{version}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();

    private static async Task AssertServesOnlyStable(HttpClient admin, long revision, string when)
    {
        var plan = await Plan(admin);
        Assert.True(plan.GetProperty("revision").GetInt64() == revision, $"the plan shown {when} is revision {plan.GetProperty("revision")}, not {revision}");
        for (var i = 0; i < 20; i++)
        {
            var rank = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = $"held-{i}", model = Model, candidates = new[] { "i1", "i2" } }))
                .Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(rank.GetProperty("version").GetString() == "v1", $"a rank {when} was served by {rank}");
        }
    }
}
