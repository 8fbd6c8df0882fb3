using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Testing;

/// <summary>
/// Measures ingestion failover end to end. One probe user per partition of the interactions topic gets an event every
/// <see cref="Period"/>. After a silo is stopped, a partition has failed over once an event produced after the stop
/// shows in its probe user's <c>user_events_total</c>, read over HTTP from a surviving silo. Counting the same events
/// also checks exactness: once production stops, each probe user must hold exactly what was produced for it.
/// </summary>
public sealed class FailoverProbe : IAsyncDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(1);

    private readonly string _runId;
    private readonly Action<int, string, byte[]> _produce;
    private readonly long[] _produced;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _started;

    /// <param name="produce">Sends one message (partition, key, JSON value) to the interactions topic.</param>
    public FailoverProbe(string runId, int partitions, Action<int, string, byte[]> produce)
    {
        _runId = runId;
        _produce = produce;
        _produced = new long[partitions];
    }

    public int Partitions => _produced.Length;

    public string User(int partition) => $"{_runId}-p{partition}";

    /// <summary>Starts producing; later calls do nothing.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(() => ProduceLoopAsync(_stop.Token));
        }
    }

    public async Task StopProducingAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopProducingAsync();
        _stop.Dispose();
    }

    private async Task ProduceLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                ProduceOneEach();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ProduceOneEach()
    {
        for (var p = 0; p < _produced.Length; p++)
        {
            var seq = Interlocked.Increment(ref _produced[p]);
            _produce(p, User(p), Event(p, seq));
        }
    }

    private byte[] Event(int partition, long seq) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        eventId = $"{User(partition)}-{seq}",
        userId = User(partition),
        itemId = $"{_runId}-i{partition}",
        type = "view",
        ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        value = 0,
    });

    /// <summary>The probe user's applied event count, or null when the read fails or times out.</summary>
    public async Task<long?> AppliedAsync(HttpClient reader, int partition)
    {
        try
        {
            using var cts = new CancellationTokenSource(ReadTimeout);
            using var response = await reader.GetAsync($"/v1/features/users/{Uri.EscapeDataString(User(partition))}", cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cts.Token));
            return json.RootElement.GetProperty("features").TryGetProperty("user_events_total", out var total) ? (long)total.GetDouble() : 0;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>True when every partition's probe user is less than a second of events behind production.</summary>
    public async Task<bool> CaughtUpAsync(HttpClient reader)
    {
        var perSecond = (long)(TimeSpan.FromSeconds(1) / Period);
        for (var p = 0; p < _produced.Length; p++)
        {
            if (await AppliedAsync(reader, p) is not { } applied || applied < Interlocked.Read(ref _produced[p]) - perSecond)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs <paramref name="stopSilo"/> and returns, per partition, how long until an event produced after it
    /// was applied (null for a partition that did not recover within <paramref name="timeout"/>).</summary>
    public async Task<TimeSpan?[]> MeasureAsync(Action stopSilo, HttpClient survivor, TimeSpan timeout)
    {
        var before = _produced.Select((_, p) => Interlocked.Read(ref _produced[p])).ToArray();
        var clock = Stopwatch.StartNew();
        stopSilo();
        var waits = Enumerable.Range(0, _produced.Length).Select(p => RecoveredAsync(survivor, p, before[p], clock, timeout));
        return await Task.WhenAll(waits);
    }

    private async Task<TimeSpan?> RecoveredAsync(HttpClient survivor, int partition, long before, Stopwatch clock, TimeSpan timeout)
    {
        while (clock.Elapsed < timeout)
        {
            if (await AppliedAsync(survivor, partition) > before)
            {
                return clock.Elapsed;
            }

            await Task.Delay(Period);
        }

        return null;
    }

    /// <summary>After <see cref="StopProducingAsync"/>: waits until every probe user holds what was produced for it,
    /// then checks it still does a little later (a double count would show up late). Returns a description of each
    /// partition that lost or doubled events, empty when exact.</summary>
    public async Task<string> ExactnessAsync(HttpClient reader, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !await AllEqualAsync(reader))
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var report = new StringBuilder();
        for (var p = 0; p < _produced.Length; p++)
        {
            var applied = await AppliedAsync(reader, p);
            if (applied != _produced[p])
            {
                report.Append(CultureInfo.InvariantCulture, $"partition {p}: produced {_produced[p]}, applied {applied?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"}; ");
            }
        }

        return report.ToString();
    }

    private async Task<bool> AllEqualAsync(HttpClient reader)
    {
        for (var p = 0; p < _produced.Length; p++)
        {
            if (await AppliedAsync(reader, p) != _produced[p])
            {
                return false;
            }
        }

        return true;
    }
}
