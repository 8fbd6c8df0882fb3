namespace OrleansRecsys.IntegrationTests;

/// <summary>A checkpoint comes early once the grains touched since the last commit reach
/// <c>Recsys:Kafka:CheckpointMaxGrains</c>, however long its interval.</summary>
public sealed class CheckpointSizeTests
{
    [Fact]
    public async Task Touching_more_grains_than_the_size_limit_checkpoints_long_before_the_interval_elapses()
    {
        await TestInfra.WithOwnKafkaAsync("ckpt-size", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "ckpt-size", store, train: false, extra: new Dictionary<string, string?>
            {
                // The first interval checkpoint is a minute after start, well after the wait below gives up.
                ["Recsys:Kafka:CheckpointIntervalMs"] = "60000",
                ["Recsys:Kafka:CheckpointMaxGrains"] = "100",
            });
            var events = UserReference.Generate("size-u", 300, 900, seed: 41);
            using (var producer = Interactions.Producer(kafka, lingerMs: 5))
            {
                await Interactions.ProduceSteadilyAsync(producer, events, "size-");
            }

            using var admin = host.Http(Roles.Admin);
            await TestInfra.WaitUntil(async () => SizeCheckpoints(await admin.GetStringAsync("/metrics")) > 0, TimeSpan.FromSeconds(30),
                "a checkpoint by size (recsys_ingest_checkpoints_total{why=\"size\"})");
        });
    }

    private static double SizeCheckpoints(string metrics) => metrics.Split('\n')
        .Where(l => l.StartsWith("recsys_ingest_checkpoints_total{", StringComparison.Ordinal) && l.Contains("why=\"size\"", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
