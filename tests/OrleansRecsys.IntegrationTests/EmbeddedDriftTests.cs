using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansRecsys.Kafka;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The embedded default's own traffic against the demo model it trained at start: steady traffic reads as no
/// significant drift on any input, a price shift of the simulator makes <c>item_price</c> drift, and once the shift is
/// removed the drift window forgets it. The window is 20 s here (300 s by default) so the test does not wait minutes.
/// </summary>
public sealed class EmbeddedDriftTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int WindowSeconds = 20;
    private const double Significant = 0.25;
    private readonly string _modelStore = Directory.CreateTempSubdirectory("recsys-drift-").FullName;
    private Confluent.Kafka.IProducer<byte[], byte[]>? _kafkaHolder;
    private GridHost _host = null!;

    public async Task InitializeAsync()
    {
        (_kafkaHolder, var kafka) = MockKafkaCluster.Start();
        _host = await GridHost.StartAsync(kafka, postgres: null, "drift-" + Guid.NewGuid().ToString("N")[..8], _modelStore, extra: new Dictionary<string, string?>
        {
            ["Recsys:Simulator:Enabled"] = "true",
            ["Recsys:Demo:TrainingSessions"] = "3000",
            ["Recsys:Grid:DriftWindowSeconds"] = WindowSeconds.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(_modelStore, recursive: true);
    }

    [Fact]
    public async Task Steady_traffic_shows_no_significant_drift_a_price_shift_does_and_it_settles_once_the_shift_ends()
    {
        using var http = _host.Http(Roles.Read);
        await TestInfra.WaitUntil(async () => (await DriftAsync(http)).Count == 14, TimeSpan.FromSeconds(180), "live traffic binned for all 14 inputs");
        // The first window holds the seconds in which ingestion still applies the produced history (user counters read
        // low then); the second holds steady live traffic only.
        await Task.Delay(TimeSpan.FromSeconds((2 * WindowSeconds) + 2));

        var steady = await DriftAsync(http);
        Record("steady", steady);
        Assert.All(steady, d => Assert.True(d.Value < Significant, $"steady traffic: {d.Key} PSI {d.Value:F3}"));

        SetShift("Price");
        await TestInfra.WaitUntil(async () => (await DriftAsync(http))["item_price"] >= Significant, TimeSpan.FromSeconds(60), "item_price to drift under the price shift");
        Record("shift crossed", await DriftAsync(http));
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds + 2)); // a window of shifted traffic only
        var shifted = await DriftAsync(http);
        Record("shifted (price)", shifted);
        Assert.Equal("item_price", shifted.MaxBy(d => d.Value).Key);

        SetShift("None");
        var last = new Dictionary<string, double>();
        await TestInfra.WaitUntil(async () => (last = await DriftAsync(http)).Values.All(psi => psi < Significant),
            TimeSpan.FromSeconds((2 * WindowSeconds) + 10), () => "drift to settle after the shift ended: " + Format(last));
        Record("settled", last);
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds + 2));
        var recovered = await DriftAsync(http);
        Record("recovered (a window later)", recovered);
        Assert.All(recovered, d => Assert.True(d.Value < Significant, $"after the shift: {d.Key} PSI {d.Value:F3}"));
    }

    /// <summary>Changes <c>Recsys:Simulator:Shift</c> on the running host, as a configuration reload would.</summary>
    private void SetShift(string shift)
    {
        _host.App.Configuration["Recsys:Simulator:Shift"] = shift;
        ((IConfigurationRoot)_host.App.Configuration).Reload();
    }

    /// <summary>The stable version's PSI per input over the drift window.</summary>
    private static async Task<Dictionary<string, double>> DriftAsync(HttpClient http)
    {
        var report = await (await http.GetAsync("/v1/models/ranker/report")).Json();
        var stable = report.GetProperty("variants").EnumerateArray().FirstOrDefault(v => v.GetProperty("variant").GetString() == "stable");
        return stable.ValueKind == JsonValueKind.Undefined
            ? []
            : stable.GetProperty("drift").EnumerateArray().ToDictionary(d => d.GetProperty("feature").GetString()!, d => d.GetProperty("psi").GetDouble());
    }

    private void Record(string phase, Dictionary<string, double> drift) => output.WriteLine($"{phase}: {Format(drift)}");

    private static string Format(Dictionary<string, double> drift) =>
        string.Join(", ", drift.OrderByDescending(d => d.Value).Select(d => $"{d.Key} {d.Value.ToString("0.000", CultureInfo.InvariantCulture)}"));
}
