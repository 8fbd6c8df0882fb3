using System.Net;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Cli.Tests;

/// <summary><c>export-training</c> against the mock Kafka cluster, with the rollout plan read from a fake grid.</summary>
public sealed class ExportTrainingCommandTests : IDisposable
{
    private static readonly DateTimeOffset PlanSetAt = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    private const string Plan = """
        {"model":"ranker","stable":"v1","canary":"v2","canaryPercent":10,"shadow":[],"salt":"ranker",
         "guardrails":{"minRequests":100,"maxErrorRateDelta":0.02,"maxFallbackRateDelta":0.05,"maxScoreTimeRatio":2,"maxScoreTimeDeltaUs":0},"revision":3}
        """;

    private readonly (IProducer<byte[], byte[]> Holder, string Servers) _kafka = MockKafkaCluster.Start();
    private readonly string _out = Path.GetTempFileName();

    public void Dispose()
    {
        _kafka.Holder.Dispose();
        File.Delete(_out);
    }

    /// <summary>Newest first, as the grid answers: a note at revision 3 after the change that set it, and an older revision.</summary>
    private static string History() => "[" + string.Join(',',
        Change(3, "note", PlanSetAt.AddHours(2)), Change(3, "set", PlanSetAt), Change(2, "set", PlanSetAt.AddDays(-1))) + "]";

    private static string Change(long revision, string action, DateTimeOffset when) =>
        $$"""{"revision":{{revision}},"action":"{{action}}","who":"tester","when":"{{when:O}}","why":"test","before":null,"after":{{Plan}}}""";

    private async Task ProducePredictionAsync(string requestId, DateTimeOffset asOf)
    {
        var value = JsonSerializer.Serialize(new
        {
            requestId, userId = "u1", model = "ranker", version = "v1", variant = "stable", fallback = false, asOf,
            items = new[] { new { itemId = "i1", score = 0.9 } },
            featureNames = new[] { "item_price" },
            rows = new[] { new { itemId = "i1", values = new[] { 1f } }, new { itemId = "i2", values = new[] { 2f } } },
        });
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = _kafka.Servers }).Build();
        await producer.ProduceAsync(Topics.Predictions, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("u1"), Value = Encoding.UTF8.GetBytes(value) });
    }

    [Fact]
    public async Task Without_since_the_export_starts_when_the_current_plan_revision_was_set_and_says_so()
    {
        await ProducePredictionAsync("r-before", PlanSetAt.AddMinutes(-30));
        await ProducePredictionAsync("r-after", PlanSetAt.AddMinutes(30));
        var api = new FakeApi().RespondOkTo("/v1/models/ranker/rollout", Plan).RespondOkTo("/v1/models/ranker/rollout/history", History());

        var run = await Run.Against(api, "export-training", "--kafka", _kafka.Servers, "--out", _out, "--model", "ranker");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"since: {PlanSetAt.UtcDateTime:O} (model ranker's plan revision 3", run.Out, StringComparison.Ordinal);
        var requests = File.ReadAllLines(_out).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("requestId").GetString()).Distinct();
        Assert.Equal(["r-after"], requests);
    }

    [Fact]
    public async Task Without_since_a_model_with_no_plan_exports_the_whole_log_and_says_so()
    {
        await ProducePredictionAsync("r-old", PlanSetAt.AddDays(-30));
        var api = new FakeApi().Respond(HttpStatusCode.NotFound, """{"title":"Not Found","detail":"model 'ranker' has no rollout plan"}""");

        var run = await Run.Against(api, "export-training", "--kafka", _kafka.Servers, "--out", _out, "--model", "ranker");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("since: the beginning of the log (model ranker has no rollout plan", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(_out).Length);
    }

    [Fact]
    public async Task A_given_since_is_used_without_asking_the_grid()
    {
        await ProducePredictionAsync("r-old", PlanSetAt.AddDays(-30));
        var api = new FakeApi();

        var run = await Run.Against(api, "export-training", "--kafka", _kafka.Servers, "--out", _out, "--since", "2026-01-01T00:00:00Z");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(api.Requests);
        Assert.Contains("since: 2026-01-01T00:00:00.0000000Z (--since)", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(_out).Length);
    }
}
