using System.Diagnostics;
using System.Globalization;
using OrleansRecsys.Api;
using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary><c>simulate</c>: synthetic shop sessions posted to /v1/events in batches, paced to a rate.</summary>
public static class SimulateCommand
{
    private const int MaxAttempts = 5;

    public static async Task<int> RunAsync(CliContext ctx)
    {
        var a = ctx.Args;
        a.Allow("events", "rate", "batch", "seed");
        a.MaxPositionals(1);
        var total = a.Int("events", 10_000, 1, int.MaxValue);
        var rate = a.Int("rate", 500, 0, 1_000_000);
        var batchSize = a.Int("batch", rate == 0 ? 1000 : Math.Clamp(rate / 4, 1, 1000), 1, IngestApi.MaxBatch);
        var world = new SyntheticWorld(seed: a.Int("seed", Environment.TickCount & 0xFFFF, 0, int.MaxValue));
        var prefix = $"sim-{Guid.NewGuid().ToString("N")[..8]}-";

        var pending = new Queue<Interaction>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var progress = new ProgressLine(ctx.Error);
        var clock = Stopwatch.StartNew();
        long seq = 0;
        int sent = 0, accepted = 0;
        while (sent < total)
        {
            var n = Math.Min(batchSize, total - sent);
            while (pending.Count < n)
            {
                // Sessions start in the past so that none of their events is ahead of the grid's clock.
                var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
                foreach (var e in world.Session(world.NextUser(), start, ref seq))
                {
                    pending.Enqueue(e);
                }
            }

            var batch = new EventJson[n];
            for (var i = 0; i < n; i++)
            {
                var e = pending.Dequeue();
                batch[i] = new EventJson(prefix + e.EventId, e.UserId, e.ItemId, EventParser.TypeName(e.Type), e.TsMs, e.Value);
            }

            var result = await PostAsync(ctx, batch);
            sent += n;
            accepted += result.Accepted;
            foreach (var r in result.Rejected)
            {
                reasons[r.Reason] = reasons.GetValueOrDefault(r.Reason) + 1;
            }

            progress.Update($"sent {sent}/{total}  accepted {accepted}  rejected {sent - accepted}  {sent / Math.Max(0.001, clock.Elapsed.TotalSeconds):0} ev/s", sent == total);
            var wait = rate > 0 && sent < total ? TimeSpan.FromSeconds(sent / (double)rate) - clock.Elapsed : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ctx.Cancellation);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (ctx.Json)
        {
            ctx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { sent, accepted, rejected = sent - accepted, reasons, seconds = clock.Elapsed.TotalSeconds }, ApiClient.Json));
            return 0;
        }

        ctx.Out.WriteLine($"sent {sent} events in {seconds}s: {accepted} accepted, {sent - accepted} rejected");
        if (reasons.Count > 0)
        {
            var table = new Table("reason", "count");
            foreach (var (reason, count) in reasons.OrderByDescending(p => p.Value))
            {
                table.Add(reason, count.ToString(CultureInfo.InvariantCulture));
            }

            table.Write(ctx.Out);
        }

        return 0;
    }

    /// <summary>Posts one batch; 429 and 503 (rate limit, Kafka unavailable) are retried with a growing pause.</summary>
    private static async Task<IngestResponse> PostAsync(CliContext ctx, EventJson[] batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ApiClient.Parse<IngestResponse>(await ctx.Api.PostJsonAsync("v1/events", batch, ctx.Cancellation));
            }
            catch (ApiException ex) when (ex.Status is 429 or 503 && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), ctx.Cancellation);
            }
        }
    }

    /// <summary>An interaction event as docs/design.md writes it (ts in epoch milliseconds).</summary>
    private sealed record EventJson(string EventId, string UserId, string ItemId, string Type, long Ts, double Value);

    /// <summary>One progress line on stderr: rewritten in place on a terminal, a line a second when redirected.</summary>
    private sealed class ProgressLine(TextWriter error)
    {
        private readonly bool _inPlace = !Console.IsErrorRedirected;
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private bool _first = true;

        public void Update(string text, bool final)
        {
            var interval = TimeSpan.FromMilliseconds(_inPlace ? 200 : 1000);
            if (!final && !_first && _since.Elapsed < interval)
            {
                return;
            }

            _first = false;
            _since.Restart();
            if (_inPlace)
            {
                error.Write("\r" + text.PadRight(72));
                if (final)
                {
                    error.WriteLine();
                }
            }
            else
            {
                error.WriteLine(text);
            }
        }
    }
}
