using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansRecsys.Kafka;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The embedded default's own traffic against the demo model it trained at start: steady traffic reads as no drift on
/// any input (PSI under 0.1), a price shift of the simulator makes <c>item_price</c> drift, and once the shift is removed
/// the drift window forgets it. The window is 30 s here (300 s by default) so the test does not wait minutes; every
/// scored request is binned (0.2 by default) so that the window still holds enough samples: a PSI over n samples of an
/// unchanged distribution reads about (bins − 1) / n from sampling alone, and the user inputs, alike for all
/// candidates of a request, count one sample per request (~23 a second here), so 20 s at the default rate read ~0.1
/// of pure noise.
/// </summary>
public sealed class EmbeddedDriftTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int WindowSeconds = 30;
    private const double NoDrift = 0.1;
    private const double Significant = 0.25;
    private const int EventsPerSecond = 200;
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
            ["Recsys:Simulator:EventsPerSecond"] = EventsPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Recsys:Grid:DriftWindowSeconds"] = WindowSeconds.ToString(CultureInfo.InvariantCulture),
            ["Recsys:Grid:DriftSampleRate"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(_modelStore, recursive: true);
    }

    [Fact]
    public async Task Steady_traffic_shows_no_drift_a_price_shift_does_and_it_settles_once_the_shift_ends()
    {
        using var http = _host.Http(Roles.Read);
        await TestInfra.WaitUntil(async () => (await DriftAsync(http)).Count == 14, TimeSpan.FromSeconds(180), "live traffic binned for all 14 inputs");
        // Live traffic starts once the history is produced, while ingestion may still be applying it (user counters read
        // low then): the warm-up ends when ingestion has caught up, and a window later the window holds steady traffic only.
        await TestInfra.WaitUntil(async () => await InteractionLagAsync(http) <= 2 * EventsPerSecond, TimeSpan.FromSeconds(120), "ingestion to catch up with the history");
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds + 2));

        var steady = await DriftAsync(http);
        Record("steady", steady);
        Assert.Equal(14, steady.Count);
        Assert.All(steady, d => Assert.True(d.Value < NoDrift, $"steady traffic: {d.Key} PSI {d.Value:F3}"));

        SetShift("Price");
        await TestInfra.WaitUntil(async () => (await DriftAsync(http))["item_price"] >= Significant, TimeSpan.FromSeconds(60), "item_price to drift under the price shift");
        Record("shift crossed", await DriftAsync(http));
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds + 2)); // a window of shifted traffic only
        var shifted = await DriftAsync(http);
        Record("shifted (price)", shifted);
        Assert.Equal("item_price", shifted.MaxBy(d => d.Value).Key);

        SetShift("None");
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds + 2)); // a window of unshifted traffic only
        var recovered = await DriftAsync(http);
        Record("shift removed (a window later)", recovered);
        Assert.All(recovered, d => Assert.True(d.Value < Significant, $"after the shift: {d.Key} PSI {d.Value:F3}"));
    }

    /// <summary>Changes <c>Recsys:Simulator:Shift</c> on the running host, as a configuration reload would.</summary>
    private void SetShift(string shift)
    {
        _host.App.Configuration["Recsys:Simulator:Shift"] = shift;
        ((IConfigurationRoot)_host.App.Configuration).Reload();
    }

    /// <summary>Messages of the interactions topic not yet applied and committed, summed over its partitions.</summary>
    private static async Task<double> InteractionLagAsync(HttpClient http)
    {
        var lag = double.MaxValue;
        foreach (var line in (await http.GetStringAsync("/metrics")).Split('\n'))
        {
            if (line.StartsWith("recsys_ingest_consumer_lag{", StringComparison.Ordinal) && line.Contains("topic=\"recsys.interactions\"", StringComparison.Ordinal))
            {
                var value = double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                lag = lag == double.MaxValue ? value : lag + value;
            }
        }

        return lag;
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
