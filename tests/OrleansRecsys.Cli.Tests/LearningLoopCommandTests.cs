using System.Text.Json;

namespace OrleansRecsys.Cli.Tests;

/// <summary>simulate --out, backfill, train --data and evaluate run against files only: no grid is needed.</summary>
public sealed class LearningLoopCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recsys-loop-").FullName;

    private static readonly string CatalogPath = TrainCommand.FindCatalog(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("silo-config/features.json not found above the test directory");

    private string File(string name) => Path.Combine(_dir, name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Backfilled_rows_train_a_version_that_evaluate_compares_with_popularity_in_json_and_svg()
    {
        Assert.Equal(0, (await Run.Offline("simulate", "--out", File("events.jsonl"), "--events", "12000", "--users", "300", "--items", "120", "--seed", "3")).ExitCode);
        var backfill = await Run.Offline("backfill", "--events", File("events.jsonl"), "--out", File("rows.jsonl"), "--negatives", "sampled", "--catalog", CatalogPath);
        Assert.Equal(0, backfill.ExitCode);
        Assert.Contains("rows (", backfill.Out);
        Assert.Contains("backfilled", backfill.Error); // progress on stderr
        Assert.Equal(0, (await Run.Offline("train", "--data", File("rows.jsonl"), "--out", File("v2"), "--version", "v2", "--catalog", CatalogPath)).ExitCode);

        var evaluate = await Run.Offline("--json", "evaluate", "--data", File("events.jsonl"), "--versions", $"v2={File("v2")}",
            "--baseline", "popularity", "--k", "10", "--negatives", "50", "--plot", File("eval.svg"), "--catalog", CatalogPath);

        Assert.Equal(0, evaluate.ExitCode);
        using var report = JsonDocument.Parse(evaluate.Out);
        var results = report.RootElement.GetProperty("results");
        Assert.Equal(["ranker@v2", "popularity"], results.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.True(report.RootElement.GetProperty("cases").GetInt32() > 50);
        var hitRate = results[0].GetProperty("hitRate");
        Assert.InRange(hitRate.GetProperty("mean").GetDouble(), hitRate.GetProperty("low").GetDouble(), hitRate.GetProperty("high").GetDouble());
        Assert.Equal("popularity", report.RootElement.GetProperty("differences")[0].GetProperty("name").GetString());
        Assert.StartsWith("<svg", System.IO.File.ReadAllText(File("eval.svg")));

        var recommend = await Run.Offline("--json", "evaluate", "--data", File("events.jsonl"), "--versions", $"v2={File("v2")}", "--recommend",
            "--catalog", CatalogPath);

        Assert.Equal(0, recommend.ExitCode);
        using var answer = JsonDocument.Parse(recommend.Out);
        Assert.Equal("ranker@v2", answer.RootElement.GetProperty("ranker").GetString());
        Assert.True(answer.RootElement.GetProperty("cases").GetInt32() > 50);
        Assert.True(answer.RootElement.GetProperty("recommend").GetProperty("mean").GetDouble() >= answer.RootElement.GetProperty("popularity").GetProperty("mean").GetDouble(),
            recommend.Out);
    }

    [Fact]
    public async Task Train_refuses_data_whose_held_out_split_has_one_label_with_exit_2_and_writes_nothing()
    {
        var lines = Enumerable.Range(0, 200).Select(i =>
            $$"""{"userId":"u","itemId":"i{{i}}","ts":{{i}},"label":{{(i < 160 && i % 2 == 0 ? "true" : "false")}},"featureNames":["item_price"],"values":[{{i % 9}}]}""");
        await System.IO.File.WriteAllLinesAsync(File("one-class.jsonl"), lines);

        var run = await Run.Offline("train", "--data", File("one-class.jsonl"), "--out", File("model"), "--catalog", CatalogPath);

        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.Contains("held-out split (the newest 20 %) has 40 rows and all are negative", run.Error);
        Assert.False(Directory.Exists(File("model")));
    }

    [Theory]
    [InlineData("error: --negatives must be impressions or sampled (got 'all')", "backfill", "--events", "e", "--out", "o", "--negatives", "all")]
    [InlineData("error: --weights takes TYPE=WEIGHT pairs such as click=1,purchase=4 with a positive weight (got 'like=2')", "backfill", "--events", "e", "--out", "o", "--weights", "like=2")]
    [InlineData("error: --baseline must be popularity (got 'random')", "evaluate", "--data", "EVENTS", "--baseline", "random", "--versions", "v1=DIR")]
    [InlineData("error: --exclude-seen holds 'like'; event types are view, click, add_to_cart and purchase.", "evaluate", "--data", "EVENTS", "--recommend", "--exclude-seen", "like", "--versions", "v1=DIR")]
    public async Task Bad_learning_loop_options_are_usage_errors_naming_the_option(string message, params string[] argv)
    {
        await System.IO.File.WriteAllTextAsync(File("events.jsonl"), """{"eventId":"e","userId":"u","itemId":"i","type":"click","ts":1}""" + "\n");
        var args = argv.Select(a => a == "EVENTS" ? File("events.jsonl") : a).Concat(["--catalog", CatalogPath]).ToArray();

        var run = await Run.Offline(args);

        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.StartsWith(message, run.Error);
    }
}
