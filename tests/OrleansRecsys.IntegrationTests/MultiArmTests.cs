using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A three-arm experiment in an embedded grid (in-memory storage, the mock Kafka broker, ONNX Runtime): bad arms are
/// refused naming the field, every user is served the arm their bucket falls in, the split follows the weights, the
/// report compares each arm with the stable, an arm can be removed alone, and promoting arm 2 ends the others.
/// </summary>
public sealed class MultiArmTests : IAsyncLifetime
{
    private const string Model = "arms";
    private const int Users = 3000;
    private static readonly RolloutArm[] Arms = [new("a1", 2000), new("a2", 3000), new("a3", 1000)];

    private readonly string _modelStore = Directory.CreateTempSubdirectory("recsys-arms-").FullName;
    private Confluent.Kafka.IProducer<byte[], byte[]>? _kafkaHolder;
    private GridHost _host = null!;

    public async Task InitializeAsync()
    {
        (_kafkaHolder, var kafka) = MockKafkaCluster.Start();
        _host = await GridHost.StartAsync(kafka, postgres: null, "arms-" + Guid.NewGuid().ToString("N")[..8], _modelStore, train: false);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(_modelStore, recursive: true);
    }

    [Fact]
    public async Task Three_arms_split_users_by_weight_are_reported_one_by_one_and_promoting_arm_two_ends_the_others()
    {
        using var admin = _host.Http(Roles.Admin);
        foreach (var version in new[] { "a0", "a1", "a2", "a3" })
        {
            Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, version, Model)).StatusCode);
        }

        var revision = (await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json()).GetProperty("revision").GetInt64();
        await AssertBadArmsAreRefusedAsync(admin, revision);

        var set = await PutAsync(admin, new { arms = Arms.Select(a => new { version = a.Version, weight = a.Weight }), revision, reason = "three arms" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var plan = await set.Json();
        Assert.Equal(("a1", 20m, revision + 1), (plan.GetProperty("canary").GetString(), plan.GetProperty("canaryPercent").GetDecimal(), plan.GetProperty("revision").GetInt64()));
        revision++;

        var expected = new RolloutPlan(Model, "a0", "a1", 20m, [], Model, new Guardrails(), revision, Arms);
        await AssertUsersAreServedTheirArmAsync(admin, expected);
        await AssertTheReportComparesEveryArmAsync(admin, expected);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(admin, new { canary = "a1", canaryPercent = 5, revision, reason = "canary only" })).StatusCode);

        revision = await RemoveTheThirdArmAsync(admin, expected);
        await PromoteArmTwoAsync(admin, revision);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient admin, object body) => admin.PutAsJsonAsync($"/v1/models/{Model}/rollout", body);

    private static Task<HttpResponseMessage> PostAsync(HttpClient admin, string decision, object body) =>
        admin.PostAsJsonAsync($"/v1/models/{Model}/rollout/{decision}", body);

    private static async Task AssertBadArmsAreRefusedAsync(HttpClient admin, long revision)
    {
        var cases = new (object Body, HttpStatusCode Status, string? Field)[]
        {
            (new { canary = "a1", arms = new[] { new { version = "a1", weight = 100 } }, revision, reason = "r" }, HttpStatusCode.BadRequest, "canary"),
            (new { canaryPercent = 10, arms = new[] { new { version = "a1", weight = 100 } }, revision, reason = "r" }, HttpStatusCode.BadRequest, "canaryPercent"),
            (new { arms = new object[] { new { version = "a1", weight = 100 }, new { version = "a2" } }, revision, reason = "r" }, HttpStatusCode.BadRequest, "arms[1].weight"),
            (new { arms = new[] { new { version = "a1", weight = 6000 }, new { version = "a2", weight = 4001 } }, revision, reason = "r" }, HttpStatusCode.BadRequest, "arms"),
            (new { arms = new[] { new { version = "a1", weight = 100 }, new { version = "a1", weight = 100 } }, revision, reason = "r" }, HttpStatusCode.BadRequest, "arms[1].version"),
            (new { arms = new[] { new { version = "a0", weight = 100 } }, revision, reason = "r" }, HttpStatusCode.BadRequest, null),
            (new { arms = new[] { new { version = "a9", weight = 100 } }, revision, reason = "r" }, HttpStatusCode.UnprocessableEntity, null),
            (new { arms = new[] { new { version = "a1", weight = 100 } }, revision = revision - 1, reason = "r" }, HttpStatusCode.Conflict, null),
        };
        foreach (var (body, status, field) in cases)
        {
            var response = await PutAsync(admin, body);
            var problem = await response.Json();
            Assert.True(status == response.StatusCode, $"{JsonSerializer.Serialize(body)}: {(int)response.StatusCode} {problem}");
            if (field is not null)
            {
                Assert.Equal(field, problem.GetProperty("field").GetString());
            }
        }
    }

    /// <summary>Every user gets the version their bucket's arm owns (as a canary variant), and each arm's share is within four standard deviations of its weight.</summary>
    private static async Task AssertUsersAreServedTheirArmAsync(HttpClient admin, RolloutPlan plan)
    {
        var lastArmUser = Enumerable.Range(0, Users).Select(User).First(u => RolloutMath.Route(plan, u).Version == "a3");
        await TestInfra.WaitUntil(async () => (await RankAsync(admin, lastArmUser)).Version == "a3", TimeSpan.FromSeconds(10), "the pushed plan to route to arm a3");

        var served = new List<(string Variant, string Version)>();
        foreach (var chunk in Enumerable.Range(0, Users).Select(User).Chunk(50))
        {
            var answers = await Task.WhenAll(chunk.Select(u => RankAsync(admin, u)));
            for (var i = 0; i < chunk.Length; i++)
            {
                Assert.Equal(RolloutMath.Route(plan, chunk[i]), answers[i]);
            }

            served.AddRange(answers);
        }

        foreach (var (version, weight) in Arms.Select(a => (a.Version, a.Weight)).Append(("a0", 4000)))
        {
            var share = weight / 10_000.0;
            var sd = Math.Sqrt(Users * share * (1 - share));
            Assert.InRange(served.Count(s => s.Version == version), (Users * share) - (4 * sd), (Users * share) + (4 * sd));
        }

        Assert.All(served, s => Assert.Equal(s.Version == "a0" ? Variants.Stable : Variants.Canary, s.Variant));
    }

    private static string User(int i) => "arm-user-" + i;

    private static async Task<(string Variant, string Version)> RankAsync(HttpClient admin, string user)
    {
        var answer = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = user, model = Model, candidates = new[] { "i1", "i2" } })).Json();
        return (answer.GetProperty("variant").GetString()!, answer.GetProperty("version").GetString()!);
    }

    /// <summary>The report lists the arms in plan order with their weights, each with impressions once the silo has reported.
    /// Each arm keeps getting a request while the test waits: on a busy machine every request of an arm may have ended in
    /// the deadline fallback, which shows no impression.</summary>
    private static async Task AssertTheReportComparesEveryArmAsync(HttpClient admin, RolloutPlan plan)
    {
        var oneUserPerArm = Arms.Select(a => Enumerable.Range(0, Users).Select(User).First(u => RolloutMath.Route(plan, u).Version == a.Version)).ToArray();
        JsonElement[] arms = [];
        await TestInfra.WaitUntil(async () =>
        {
            await Task.WhenAll(oneUserPerArm.Select(u => RankAsync(admin, u)));
            arms = [.. (await (await admin.GetAsync($"/v1/models/{Model}/report")).Json()).GetProperty("arms").EnumerateArray()];
            return arms.Length == 3 && arms.All(a => a.GetProperty("impressions").GetInt64() > 0);
        }, TimeSpan.FromSeconds(30), () => $"every arm's impressions in the report: {string.Join(", ", arms.Select(a => a.ToString()))}");

        Assert.Equal(Arms.Select(a => (a.Version, a.Weight)), arms.Select(a => (a.GetProperty("version").GetString()!, a.GetProperty("weight").GetInt32())));
        Assert.All(arms, a => Assert.Contains(a.GetProperty("verdict").GetString(), ArmVerdicts.All));
        Assert.All(arms, a => Assert.InRange(a.GetProperty("adjustedPValue").GetDouble(), a.GetProperty("pValue").GetDouble(), 1));
    }

    /// <summary>Removing the last arm keeps the other two (and their users); its users go back to the stable version.</summary>
    private static async Task<long> RemoveTheThirdArmAsync(HttpClient admin, RolloutPlan plan)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(admin, "remove", new { revision = plan.Revision, reason = "no version" })).StatusCode);
        var removed = await PostAsync(admin, "remove", new { revision = plan.Revision, reason = "a3 is not needed", version = "a3" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var after = plan with { Arms = Arms[..2], Revision = plan.Revision + 1 };
        Assert.Equal(after.Revision, (await removed.Json()).GetProperty("revision").GetInt64());

        var users = Enumerable.Range(0, 300).Select(User).ToArray();
        var formerA3 = users.First(u => RolloutMath.Route(plan, u).Version == "a3");
        await TestInfra.WaitUntil(async () => (await RankAsync(admin, formerA3)).Version == "a0", TimeSpan.FromSeconds(10), "a3's users to get the stable version");
        foreach (var user in users)
        {
            Assert.Equal(RolloutMath.Route(after, user), await RankAsync(admin, user));
        }

        return after.Revision;
    }

    private static async Task PromoteArmTwoAsync(HttpClient admin, long revision)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(admin, "promote", new { revision, reason = "which one?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(admin, "promote", new { revision, reason = "gone", version = "a3" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(admin, "promote", new { revision = revision - 1, reason = "stale", version = "a2" })).StatusCode);

        var promoted = await (await PostAsync(admin, "promote", new { revision, reason = "a2 wins", version = "a2" })).Json();
        Assert.Equal(("a2", JsonValueKind.Null, JsonValueKind.Null), (promoted.GetProperty("stable").GetString(), promoted.GetProperty("canary").ValueKind, promoted.GetProperty("arms").ValueKind));
        await TestInfra.WaitUntil(async () => (await RankAsync(admin, User(0))) == (Variants.Stable, "a2"), TimeSpan.FromSeconds(10), "everyone on a2");
        foreach (var user in Enumerable.Range(0, 200).Select(User))
        {
            Assert.Equal((Variants.Stable, "a2"), await RankAsync(admin, user));
        }

        var history = (await (await admin.GetAsync($"/v1/models/{Model}/rollout/history")).Json()).EnumerateArray().ToArray();
        Assert.Equal(["promote", "remove_arm", "set"], history.Take(3).Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(2, history[0].GetProperty("before").GetProperty("arms").GetArrayLength());
    }
}
