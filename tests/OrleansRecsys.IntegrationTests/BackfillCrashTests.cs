using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// An online backfill outlives its silo: a kill -9 in the middle of a run, with live ingestion going on, leaves the
/// persisted progress, the reminder and the grains' backfill marks behind; a new silo on the same database resumes the run
/// without being asked, and the new features end with exactly the live counts (nothing lost, nothing counted twice).
/// </summary>
public sealed class BackfillCrashTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    /// <summary>The resume check every few seconds, so the new silo's reminder wakes the run soon after it joins.</summary>
    private static readonly Dictionary<string, string> ResumeSoon = new() { ["RECSYS__BATCH__RESUMECHECKSECONDS"] = "2" };

    [Fact]
    public async Task A_backfill_killed_with_its_silo_resumes_on_a_new_silo_and_gives_the_new_features_exactly_the_live_counts()
    {
        using var cluster = await ProcessCluster.StartAsync("bf-crash", silos: 1, ResumeSoon);
        // Enough history that the backfill replays for a few seconds, so the kill lands mid-run.
        var before = UserReference.Generate("bfc-u", 400, 100_000, seed: 51);
        var during = UserReference.Generate("bfc-u", 400, 4_000, seed: 52);
        using var producer = Interactions.Producer(cluster.Kafka, lingerMs: 5);
        await Interactions.ProduceSteadilyAsync(producer, before, "bfc-a-");
        await TestInfra.WaitUntil(() => cluster.MatchesReferenceAsync(UserReference.From(before), UserReference.Items(before)), TimeSpan.FromSeconds(240), "the first events applied");
        var first = cluster.Silos[0];
        await ReloadToVersion2Async(first.Url);

        // Live events keep coming across the kill: the second half waits for it, so the new silo applies them, and
        // replays what the killed one had not committed.
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var live = Task.Run(() => Interactions.ProduceSteadilyAsync(producer, during, "bfc-b-", holdAt: during.Count / 2, killed.Task));
        var started = await StartBackfillAsync(first.Url);
        var killedAt = await KillOnProgressAsync(first, started.Id);
        killed.SetResult();
        var second = await cluster.AddSiloAsync();
        await live;

        // Until the killed silo is declared dead, calls routed to it fail: those answers are asked again.
        BackfillStatus? finished = null;
        await TestInfra.WaitUntil(async () => (finished = await TryGetBackfillAsync(second.Url, started.Id)) is { State: not BackfillState.Running }, TimeSpan.FromSeconds(240),
            () => $"{started.Id} to finish after the kill: {finished}");
        Assert.Equal(BackfillState.Completed, finished!.State);
        Assert.True(finished.FinishedAt > killedAt, $"the run ended at {finished.FinishedAt}, before the kill at {killedAt}: the kill must land mid-run");
        Assert.True(finished.EventsRead >= finished.EventsTotal, $"the resumed run read {finished.EventsRead} of {finished.EventsTotal} records");
        var all = before.Concat(during).ToList();
        await TestInfra.WaitUntil(() => cluster.MatchesReferenceAsync(UserReference.From(all), UserReference.Items(all)), TimeSpan.FromSeconds(120), "every event applied live");
        await AssertBackfilledEqualsLiveAsync(cluster, all);
    }

    /// <summary>Kills the silo as soon as the run has recorded progress (asking without pause: a run lasts seconds) and
    /// answers when.</summary>
    private static async Task<DateTimeOffset> KillOnProgressAsync(SiloProcess silo, string id)
    {
        using var http = Admin(silo.Url);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        BackfillStatus status;
        do
        {
            status = (await http.GetFromJsonAsync<BackfillStatus>($"/v1/features/backfills/{id}", Json))!;
        }
        while (status is { State: BackfillState.Running, EventsRead: 0 } && DateTime.UtcNow < deadline);

        silo.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        Assert.True(status.State == BackfillState.Running, $"the run ended before the kill: {status}");
        return killedAt;
    }

    private static async Task AssertBackfilledEqualsLiveAsync(ProcessCluster cluster, List<(string User, string Type, long Ts, double Value)> all)
    {
        await using var client = await cluster.StartClientAsync();
        foreach (var (user, reference) in UserReference.From(all))
        {
            var features = await client.Client.GetUserFeaturesAsync(user);
            Assert.Equal(reference.Clicks, features.Numbers["user_clicks_backfilled"]);
        }

        foreach (var (item, reference) in UserReference.Items(all))
        {
            var features = await client.Client.GetItemFeaturesAsync(item);
            Assert.Equal(reference.Clicks, features.Numbers["item_clicks_backfilled"]);
        }
    }

    private static async Task ReloadToVersion2Async(string url)
    {
        using var http = Admin(url);
        var response = await http.PutAsync("/v1/features/catalogue", new StringContent(CatalogueDocuments.Version2, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await TestInfra.WaitUntil(async () =>
        {
            var status = await http.GetFromJsonAsync<CatalogStatus>("/v1/features/catalogue", Json);
            return status!.Silos.Length > 0 && status.Silos.All(s => s.Version == 2);
        }, TimeSpan.FromSeconds(30), "the silo to report catalogue version 2");
    }

    private static async Task<BackfillStatus> StartBackfillAsync(string url)
    {
        using var http = Admin(url);
        var response = await http.PostAsJsonAsync("/v1/features/backfills", new { version = 2 });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BackfillStatus>(Json))!;
    }

    private static async Task<BackfillStatus?> TryGetBackfillAsync(string url, string id)
    {
        using var http = Admin(url);
        var response = await http.GetAsync($"/v1/features/backfills/{id}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<BackfillStatus>(Json) : null;
    }

    private static HttpClient Admin(string url)
    {
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestInfra.Token(Roles.Admin));
        return http;
    }
}
