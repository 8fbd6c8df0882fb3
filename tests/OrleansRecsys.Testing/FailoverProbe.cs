using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Testing;

/// <summary>
/// Measures ingestion failover end to end. One probe user per partition of the interactions topic gets an event every
/// <see cref="Period"/>; its <c>user_events_total</c>, read over HTTP from a surviving silo, tells how many were applied.
/// After a silo is stopped, a partition's failover time is the longest any of its events waited to be applied. Counting
/// the same events also checks exactness: once production stops, each probe user must hold exactly what was produced.
/// </summary>
public sealed class FailoverProbe : IAsyncDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(1);

    private readonly string _runId;
    private readonly Action<int, string, byte[]> _produce;
    private readonly long[] _produced;
    private readonly List<TimeSpan>[] _producedAt;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _started;

    /// <param name="produce">Sends one message (partition, key, JSON value) to the interactions topic.</param>
    public FailoverProbe(string runId, int partitions, Action<int, string, byte[]> produce)
    {
        _runId = runId;
        _produce = produce;
        _produced = new long[partitions];
        _producedAt = Enumerable.Range(0, partitions).Select(_ => new List<TimeSpan>()).ToArray();
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
            long seq;
            lock (_producedAt[p])
            {
                _producedAt[p].Add(_clock.Elapsed);
                seq = Interlocked.Increment(ref _produced[p]);
            }

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

    /// <summary>Runs <paramref name="stopSilo"/> and returns, per partition, the longest any event waited to be applied
    /// from the stop until the partition has been watched for <paramref name="watch"/> and is caught up (null for a
    /// partition still behind after <paramref name="timeout"/>). Measuring waits rather than the first event applied
    /// after the stop also covers a silo stopped gracefully, which goes on applying until its consumer leaves. Each
    /// wait is an upper bound: the time from the event's production to the first read that shows it applied.</summary>
    public async Task<TimeSpan?[]> MeasureAsync(Action stopSilo, HttpClient survivor, TimeSpan watch, TimeSpan timeout)
    {
        var start = _clock.Elapsed;
        stopSilo();
        var waits = Enumerable.Range(0, _produced.Length).Select(p => LongestWaitAsync(survivor, p, start, watch, timeout));
        return await Task.WhenAll(waits);
    }

    private async Task<TimeSpan?> LongestWaitAsync(HttpClient survivor, int partition, TimeSpan start, TimeSpan watch, TimeSpan timeout)
    {
        var longest = TimeSpan.Zero;
        long? seen = null;
        while (_clock.Elapsed - start < timeout)
        {
            if (await AppliedAsync(survivor, partition) is { } applied)
            {
                var now = _clock.Elapsed;
                // The first event applied since the last read, and the oldest one not applied yet, have waited this long.
                var waited = Max(seen < applied ? Wait(partition, seen.Value, now, start) : TimeSpan.Zero, Wait(partition, applied, now, start));
                longest = Max(longest, waited);
                seen = applied;
                if (_clock.Elapsed - start >= watch && Wait(partition, applied, now, start) < TimeSpan.FromSeconds(1))
                {
                    return longest;
                }
            }

            await Task.Delay(Period);
        }

        return null;
    }

    /// <summary>How long event number <paramref name="applied"/> + 1 has waited at <paramref name="now"/> (counted
    /// from the stop at the earliest); zero when no such event was produced yet.</summary>
    private TimeSpan Wait(int partition, long applied, TimeSpan now, TimeSpan start)
    {
        lock (_producedAt[partition])
        {
            return applied < _producedAt[partition].Count ? now - Max(_producedAt[partition][(int)applied], start) : TimeSpan.Zero;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

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
