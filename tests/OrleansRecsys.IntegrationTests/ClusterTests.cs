using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Core.Internal;
using Orleans.Runtime.Placement;
using OrleansRecsys.Client;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

public sealed class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Two_silos_split_the_partitions_and_match_the_reference_with_duplicates_and_disorder()
    {
        var events = UserReference.Generate("cl-u", 500, 10_000, seed: 21);
        var duplicated = new List<(string Id, (string User, string Type, long Ts, double Value) E)>();
        var rng = new Random(4);
        for (var i = 0; i < events.Count; i++)
        {
            duplicated.Add(($"cl-{i}", events[i]));
            if (rng.Next(20) == 0)
            {
                duplicated.Add(($"cl-{i}", events[i])); // produced twice: a new offset, the same event id
            }
        }

        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = cluster.Kafka, LingerMs = 2 }).Build())
        {
            foreach (var (id, e) in duplicated)
            {
                producer.ProduceInteraction(id, e);
            }

            producer.Flush(TimeSpan.FromSeconds(20));
        }

        var reference = UserReference.From(events);
        await TestInfra.WaitUntil(() => UserReference.AllMatchAsync(cluster.Silo1.Grains, reference), TimeSpan.FromSeconds(120), "500 users to equal the reference");

        await BothSilosApplyAsync(cluster.Counters);
    }

    /// <summary>
    /// The group may still be rebalancing when the test starts (the fixture waits for readiness, not for the second
    /// silo's partitions), so the 500 users can all land on one silo. Events for users spread over every partition are
    /// produced until each silo has applied some over the fixture's life: a silo that never gets partitions fails here.
    /// </summary>
    private async Task BothSilosApplyAsync(IngestCounters counters)
    {
        using var producer = Interactions.Producer(cluster.Kafka, lingerMs: 2);
        var probe = 0;
        await TestInfra.WaitUntil(() =>
        {
            for (var i = 0; i < 20; i++, probe++)
            {
                producer.ProduceInteraction($"cl-probe-{probe}", ($"cl-probe-u{probe}", "view", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1));
            }

            producer.Flush(TimeSpan.FromSeconds(5));
            return Task.FromResult(counters.AppliedBy(cluster.Silo1) > 0 && counters.AppliedBy(cluster.Silo2) > 0);
        }, TimeSpan.FromSeconds(90), () => $"both silos to apply events, the partitions split between them (applied: silo 1 {counters.AppliedBy(cluster.Silo1)}, silo 2 {counters.AppliedBy(cluster.Silo2)})");
    }

    [Fact]
    public async Task A_plan_change_is_pushed_to_both_silos_within_a_second()
    {
        using var admin = cluster.Silo1.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "push-a", "pushed")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "push-b", "pushed")).StatusCode);
        foreach (var silo in new[] { cluster.Silo1, cluster.Silo2 })
        {
            using var http = silo.Http(Roles.Score);
            var warm = await (await http.PostAsJsonAsync("/v1/rank", new { userId = "p", model = "pushed", candidates = new[] { "i1" } })).Json();
            Assert.Equal("push-a", warm.GetProperty("version").GetString());
        }

        var plan = await (await admin.GetAsync("/v1/models/pushed/rollout")).Json();
        var put = await admin.PutAsJsonAsync("/v1/models/pushed/rollout",
            new { canary = "push-b", canaryPercent = 100, revision = plan.GetProperty("revision").GetInt64(), reason = "push test" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var changedAt = DateTime.UtcNow;
        foreach (var silo in new[] { cluster.Silo1, cluster.Silo2 })
        {
            using var http = silo.Http(Roles.Score);
            await TestInfra.WaitUntil(async () =>
            {
                var r = await (await http.PostAsJsonAsync("/v1/rank", new { userId = "p", model = "pushed", candidates = new[] { "i1" } })).Json();
                return r.GetProperty("version").GetString() == "push-b";
            }, TimeSpan.FromSeconds(5), "silo " + silo.Url + " to route to the canary");
        }

        Assert.True(DateTime.UtcNow - changedAt < TimeSpan.FromSeconds(1.5), $"the push took {(DateTime.UtcNow - changedAt).TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task The_gateway_process_serves_the_api_over_an_orleans_client()
    {
        using var http = cluster.Gateway.Http(Roles.Score, Roles.Read);
        var response = await http.PostAsJsonAsync("/v1/rank", new { userId = "gw-user", candidates = new[] { "i1", "i2", "i3" }, k = 3 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.False(body.GetProperty("fallback").GetBoolean());
        Assert.Equal(3, body.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/features/users/gw-user")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.Gateway.Http().PostAsJsonAsync("/v1/rank", new { })).StatusCode);
    }

    [Fact]
    public async Task The_gateway_process_serves_grpc_over_an_orleans_client_with_the_same_roles_and_health()
    {
        using var channel = cluster.Gateway.Grpc();
        var request = new Rpc.V1.RankRequest { UserId = "gw-grpc-user", K = 3 };
        request.Candidates.Add(["i1", "i2", "i3"]);
        var serving = new Rpc.V1.Serving.ServingClient(channel);

        var response = await serving.RankAsync(request, GridHost.Bearer(Roles.Score));
        var anonymous = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await serving.RankAsync(request));
        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());

        Assert.False(response.Fallback, response.FallbackReason);
        Assert.True(response.HasVersion);
        Assert.Equal(3, response.Items.Count);
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task The_typed_client_and_http_give_identical_rankings_and_vectors()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddRecsysClient(o =>
        {
            o.Clustering = "postgres";
            o.ConnectionString = cluster.Database;
            o.ClusterId = cluster.Silo1.App.Configuration["Recsys:Host:ClusterId"]!;
            o.DefaultDeadline = TimeSpan.FromSeconds(2);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IRecsysClient>();
        var candidates = Enumerable.Range(0, 100).Select(i => "i" + i).ToArray();
        using var http = cluster.Silo1.Http(Roles.Score, Roles.Read);
        var viaHttp = await (await http.PostAsJsonAsync("/v1/rank", new { userId = "same-user", candidates, k = 100 })).Json();
        var viaClient = await client.RankAsync("same-user", candidates, 100);
        Assert.False(viaClient.Fallback);
        Assert.Equal(viaHttp.GetProperty("version").GetString(), viaClient.Version);
        var httpItems = viaHttp.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("itemId").GetString()!, i.GetProperty("score").GetDouble())).ToArray();
        Assert.Equal(httpItems, viaClient.Items.Select(i => (i.ItemId, i.Score)).ToArray());

        var vectors = await client.GetVectorsAsync("same-user", ["i1", "i2"]);
        var httpVectors = await (await http.PostAsJsonAsync("/v1/features/vectors", new { userId = "same-user", itemIds = new[] { "i1", "i2" } })).Json();
        var httpRow = httpVectors.GetProperty("rows")[0].GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(httpRow.Length, vectors.Rows[0].Values.Length);
        for (var j = 0; j < httpRow.Length; j++)
        {
            // Equal up to the time that passes between the two calls (ages and recency are read "as of now").
            Assert.True(Math.Abs(httpRow[j] - vectors.Rows[0].Values[j]) <= 1e-3 + (1e-4 * Math.Abs(httpRow[j])), $"feature {j}: {httpRow[j]} vs {vectors.Rows[0].Values[j]}");
        }
        await host.StopAsync();
    }

    [Fact]
    public async Task A_database_error_in_a_grain_reaches_a_caller_on_the_other_silo_with_its_sql_state_and_message()
    {
        await using var refusal = await WriteRefusal.InstallAsync(cluster.Database, "pgerr-");
        var (caller, key) = await ItemHostedOnTheOtherSiloAsync();
        var ex = await Assert.ThrowsAsync<StorageFailureException>(async () => await caller.GetGrain<IItemFeatureStateGrain>(key).FlushAsync());
        Assert.Equal("RX042", ex.SqlState);
        Assert.Equal("Npgsql.PostgresException", ex.ErrorType);
        Assert.Contains("recsys test refuses " + key, ex.Message);
    }

    [Fact]
    public async Task A_grain_that_migrates_with_changes_it_could_not_write_writes_them_before_calling_them_durable()
    {
        var key = $"migr-{Guid.NewGuid():N}";
        var grain = cluster.Silo1.Grains.GetGrain<IItemFeatureStateGrain>(key);
        await grain.ApplyAsync(new ApplyBatch([new SourcedEvent("test/0", 7, null, new ItemUpsert(key, "shoes", 1, [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))], []));
        var management = cluster.Silo1.Grains.GetGrain<IManagementGrain>(0);
        var before = await management.GetActivationAddress(grain);
        Assert.NotNull(before);

        await using (await WriteRefusal.InstallAsync(cluster.Database, "migr-"))
        {
            // Its deactivation cannot write the change, and Orleans moves the in-memory state to the other silo.
            var target = new[] { cluster.Silo1, cluster.Silo2 }.Select(h => h.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress).First(a => !a.Equals(before));
            RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
            await grain.Cast<IGrainManagementExtension>().MigrateOnIdle();
            RequestContext.Clear();
            await TestInfra.WaitUntil(async () => Equals(await management.GetActivationAddress(grain), target), TimeSpan.FromSeconds(30), "the grain to move to the other silo");

            // The moved grain must not answer the unwritten offset as durable (a commit behind it would lose the event).
            await Assert.ThrowsAsync<StorageFailureException>(async () => await grain.FlushAsync());
        }

        var flushed = await grain.FlushAsync();
        Assert.Equal(7, flushed.Durable["test/0"]);
    }

    [Fact]
    public async Task The_gateway_names_its_role_and_exports_caller_fallbacks_from_start_promtool_clean()
    {
        using var http = cluster.Gateway.Http(Roles.Score);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/v1/rank", new { userId = "gw-prom", candidates = new[] { "i1", "i2" } })).StatusCode);

        var text = await http.GetStringAsync("/metrics");

        Assert.Matches($"(?m)^target_info{{.*service_name=\"{OrleansRecsys.Api.TelemetryServiceNames.Gateway}\"", text);
        foreach (var reason in new[] { FallbackReasons.Deadline, FallbackReasons.SiloUnavailable })
        {
            Assert.Contains($"reason=\"{reason}\"", text.Split('\n').Where(l => l.StartsWith("recsys_rank_caller_fallbacks_total{", StringComparison.Ordinal)).Aggregate("", string.Concat));
        }

        Assert.DoesNotContain(await Promtool.CheckMetricsAsync(text), f => f.StartsWith("recsys_", StringComparison.Ordinal));
    }

    /// <summary>An item grain with unwritten changes, and the grain factory of the silo that does not host it.</summary>
    private async Task<(IGrainFactory Caller, string Key)> ItemHostedOnTheOtherSiloAsync()
    {
        var key = $"pgerr-{Guid.NewGuid():N}";
        var grain = cluster.Silo2.Grains.GetGrain<IItemFeatureStateGrain>(key);
        await grain.ApplyAsync(new ApplyBatch([new SourcedEvent("test/0", 0, null, new ItemUpsert(key, "shoes", 1, [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))], []));
        var host = await cluster.Silo1.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        var silo1 = cluster.Silo1.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        Assert.NotNull(host);
        return (Equals(host, silo1) ? cluster.Silo2.Grains : cluster.Silo1.Grains, key);
    }
}
