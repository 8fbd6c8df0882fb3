using System.Text.Json;

namespace OrleansRecsys.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recsysctl-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_new_version_trains_on_other_sessions_by_default_and_says_what_it_was_trained_on()
    {
        var v1 = await TrainAsync("v1");
        var v2 = await TrainAsync("v2", "--shift", "price", "--rate", "300");

        Assert.NotEqual(Sha256(v1), Sha256(v2));
        Assert.Contains("300 events/s, 2000 users, 500 items, shift price", Dataset(v2));
        Assert.Contains("seed " + Training.RankerTrainer.SeedFor("v2"), Dataset(v2));
    }

    [Fact]
    public async Task The_same_version_and_data_options_give_the_same_model()
    {
        var first = await TrainAsync("v7");
        var again = await TrainAsync("v7");

        Assert.Equal(Sha256(first), Sha256(again));
    }

    private async Task<string> TrainAsync(string version, params string[] extra)
    {
        var output = Path.Combine(_dir, version + "-" + Guid.NewGuid().ToString("N")[..6]);
        var run = await Run.Offline(["train", "--out", output, "--version", version, "--sessions", "200", .. extra]);
        Assert.True(run.ExitCode == RecsysCtl.Ok, run.Error);
        Assert.Contains("data synthetic traffic: ", run.Out);
        return output;
    }

    private static string Sha256(string dir) => Manifest(dir).GetProperty("sha256").GetString()!;

    private static string Dataset(string dir) => Manifest(dir).GetProperty("dataset").GetString()!;

    private static JsonElement Manifest(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json"))).RootElement;
}
