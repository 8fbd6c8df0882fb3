using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Features;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Catalogue evolution without downtime on two silos: a reload through one silo reaches both, changes that would take a
/// feature from a registered version are refused naming it, and an online backfill racing live ingestion gives a new
/// feature exactly the counts the live features have.
/// </summary>
public sealed class CatalogueLifecycleTests(CatalogueClusterFixture grid) : IClassFixture<CatalogueClusterFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    [Fact]
    public async Task A_reload_through_one_silo_is_adopted_by_both_silos()
    {
        await ReloadToVersion2Async(grid.Silo2);

        foreach (var silo in new[] { grid.Silo1, grid.Silo2 })
        {
            var catalog = silo.Services.GetRequiredService<FeatureCatalog>();
            Assert.Equal(2, catalog.Version);
            Assert.True(catalog.TryGet("user_clicks_backfilled", out _));
        }

        using var http = grid.Silo1.Http(Roles.Read);
        var status = await http.GetFromJsonAsync<CatalogStatus>("/v1/features/catalogue", Json);
        Assert.Equal(2, status!.Version);
        Assert.Equal(2, status.Silos.Count(s => s.Version == 2));
    }

    [Fact]
    public async Task Removing_a_feature_ranker_v1_reads_is_refused_with_422_naming_the_version_and_the_feature()
    {
        var response = await PutAsync(grid.Silo1, CatalogueDocuments.WithVersion(CatalogueDocuments.Without(CatalogueDocuments.Shipped, "user_clicks_total"), 99));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = await response.Content.ReadAsStringAsync();
        Assert.Contains("ranker@v1 needs feature 'user_clicks_total'", detail);
        Assert.NotEqual(99, grid.Silo1.Services.GetRequiredService<FeatureCatalog>().Version);
    }

    [Fact]
    public async Task Changing_a_feature_ranker_v1_reads_is_refused_with_422_naming_the_version_and_the_feature()
    {
        var changed = CatalogueDocuments.Shipped.Replace(
            """{ "name": "item_clicks_total",     "entity": "item", "agg": "count", "eventTypes": ["click"] }""",
            """{ "name": "item_clicks_total",     "entity": "item", "agg": "count", "eventTypes": ["click", "purchase"] }""", StringComparison.Ordinal);

        var response = await PutAsync(grid.Silo2, CatalogueDocuments.WithVersion(changed, 98));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("ranker@v1 needs feature 'item_clicks_total', which catalogue version 98 changes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invalid_catalogue_is_refused_with_400_naming_the_feature_and_the_field_and_an_old_version_with_409()
    {
        var cycle = CatalogueDocuments.WithVersion(CatalogueDocuments.WithFeatures(CatalogueDocuments.Shipped,
            """{ "name": "loop_a", "entity": "item", "derived": "smoothed_ratio", "numerator": "loop_b", "denominator": "item_views_total", "beta": 1 }""",
            """{ "name": "loop_b", "entity": "item", "derived": "smoothed_ratio", "numerator": "loop_a", "denominator": "item_views_total", "beta": 1 }"""), 97);

        var invalid = await PutAsync(grid.Silo1, cycle);
        var stale = await PutAsync(grid.Silo1, CatalogueDocuments.WithFeatures(CatalogueDocuments.Shipped,
            """{ "name": "late", "entity": "user", "agg": "count" }"""));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("feature 'loop_b', field 'numerator': reads itself through a cycle", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task A_backfill_racing_live_ingestion_gives_the_new_features_exactly_the_live_counts()
    {
        var before = UserReference.Generate("bf-u", 120, 2_000, seed: 31);
        var during = UserReference.Generate("bf-u", 120, 2_000, seed: 32);
        using var producer = Interactions.Producer(grid.Kafka, lingerMs: 2);
        await ProduceWithResentAsync(producer, before, "bf-a-");
        await TestInfra.WaitUntil(() => UserReference.AllMatchAsync(grid.Silo1.Grains, UserReference.From(before)), TimeSpan.FromSeconds(120), "the first events applied");
        await ReloadToVersion2Async(grid.Silo1);

        var live = Task.Run(() => ProduceWithResentAsync(producer, during, "bf-b-"));
        var backfill = await StartBackfillAsync();
        await TestInfra.WaitUntil(async () => (await GetBackfillAsync(backfill.Id)).State != BackfillState.Running, TimeSpan.FromSeconds(180), "the backfill to finish");
        await live;
        var all = before.Concat(during).ToList();
        await TestInfra.WaitUntil(() => UserReference.AllMatchAsync(grid.Silo1.Grains, UserReference.From(all)), TimeSpan.FromSeconds(120), "every event applied live");

        var finished = await GetBackfillAsync(backfill.Id);
        Assert.Equal(BackfillState.Completed, finished.State);
        Assert.True(finished.UserUpdates > 0 && finished.ItemUpdates > 0);
        var asOf = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (user, reference) in UserReference.From(all))
        {
            var features = await grid.Silo1.Grains.GetGrain<IUserFeatureGrain>(user).GetFeaturesAsync(asOf);
            Assert.Equal(reference.Clicks, features.Numbers["user_clicks_backfilled"]);
            Assert.Equal(reference.Events, features.Numbers["user_events_total"]);
        }

        foreach (var (item, reference) in UserReference.Items(all))
        {
            var features = await grid.Silo1.Grains.GetGrain<IItemFeatureGrain>(item).GetFeaturesAsync(asOf);
            Assert.Equal(reference.Clicks, features.Numbers["item_clicks_backfilled"]);
        }
    }

    [Fact]
    public async Task A_backfill_of_a_version_that_adds_nothing_to_replay_is_refused_with_422()
    {
        using var http = grid.Silo1.Http(Roles.Admin);
        var response = await http.PostAsJsonAsync("/v1/features/backfills", new { version = 1 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/features/backfills/backfill-999")).StatusCode);
    }

    /// <summary>Produces the events in bursts; every twentieth is sent again with the same id at a new offset, which live
    /// ingestion counts once, and so must the backfill.</summary>
    private static async Task ProduceWithResentAsync(Confluent.Kafka.IProducer<string, byte[]> producer, List<(string User, string Type, long Ts, double Value)> events, string idPrefix)
    {
        for (var i = 0; i < events.Count; i++)
        {
            producer.ProduceInteraction(idPrefix + i, events[i]);
            if (i % 20 == 0)
            {
                producer.ProduceInteraction(idPrefix + i, events[i]);
            }

            if (i % 200 == 199)
            {
                await Task.Delay(50);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    private async Task ReloadToVersion2Async(GridHost via)
    {
        var response = await PutAsync(via, CatalogueDocuments.Version2);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await TestInfra.WaitUntil(() => Task.FromResult(new[] { grid.Silo1, grid.Silo2 }.All(s => s.Services.GetRequiredService<FeatureCatalog>().Version == 2)),
            TimeSpan.FromSeconds(30), "both silos to serve catalogue version 2");
        await TestInfra.WaitUntil(async () => (await grid.Silo1.Grains.GetGrain<IFeatureCatalogGrain>(0).GetStatusAsync()).Silos.Count(s => s.Version == 2) == 2,
            TimeSpan.FromSeconds(30), "both silos to report version 2");
    }

    private static async Task<HttpResponseMessage> PutAsync(GridHost host, string document)
    {
        using var http = host.Http(Roles.Admin);
        return await http.PutAsync("/v1/features/catalogue", new StringContent(document, Encoding.UTF8, "application/json"));
    }

    private async Task<BackfillStatus> StartBackfillAsync()
    {
        using var http = grid.Silo2.Http(Roles.Admin);
        var response = await http.PostAsJsonAsync("/v1/features/backfills", new { version = 2 });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BackfillStatus>(Json))!;
    }

    private async Task<BackfillStatus> GetBackfillAsync(string id)
    {
        using var http = grid.Silo1.Http(Roles.Admin);
        return (await http.GetFromJsonAsync<BackfillStatus>($"/v1/features/backfills/{id}", Json))!;
    }
}
