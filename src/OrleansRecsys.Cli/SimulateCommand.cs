using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>simulate</c>: the demo shop's sessions (the traffic the embedded simulator produces and the demo model learns from)
/// posted to /v1/events in batches, paced to a rate, with the items they use posted to /v1/items first. With
/// <c>--shift price</c> every item on offer is posted at its shifted price first and at its usual price again at the end,
/// so drift appears in what the grid ranks meanwhile and settles afterwards.
/// </summary>
internal static class SimulateCommand
{
    private const int MaxAttempts = 5;

    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Args.Has("out"))
        {
            return WriteHistoryFile(ctx);
        }

        var plan = ParsePlan(ctx.Args);
        var tally = await PostEventsAsync(ctx, plan);
        PrintSummary(ctx, tally);
        return 0;
    }

    /// <summary>How many events to send, how fast (0: unpaced), how many per request, and the world's seed.</summary>
    private sealed record SimulationPlan(int Total, int Rate, int BatchSize, int Seed, TrafficSettings Traffic);

    /// <summary>One batch's answer from the ingest endpoint (only what the summary needs).</summary>
    private sealed record IngestResult(int Accepted, Rejection[] Rejected);

    private sealed record Rejection(string Reason);

    /// <summary>What was sent and what the grid made of it.</summary>
    private sealed class Tally
    {
        public int Sent { get; set; }
        public int Accepted { get; set; }
        public int Rejected => Sent - Accepted;
        public Dictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);
        public TimeSpan Elapsed { get; set; }

        public void Add(int sent, IngestResult result)
        {
            Sent += sent;
            Accepted += result.Accepted;
            foreach (var rejection in result.Rejected)
            {
                Reasons[rejection.Reason] = Reasons.GetValueOrDefault(rejection.Reason) + 1;
            }
        }
    }

    /// <summary><c>simulate --out FILE --events N</c>: the synthetic shop's history as an events file (item upserts, then sessions), nothing sent.</summary>
    private static int WriteHistoryFile(CliContext ctx)
    {
        var args = ctx.Args;
        args.Allow("out", "events", "seed", "users", "items", "days-ago");
        args.MaxPositionals(1);
        var path = args.Required("out");
        var world = new Training.SyntheticWorld(args.Int("users", 2000, 1, 10_000_000), args.Int("items", 500, 2, 10_000_000), args.Int("seed", 7, 0, int.MaxValue));
        var start = DateTimeOffset.UtcNow.AddDays(-args.Int("days-ago", 30, 0, 3650)).ToUnixTimeMilliseconds();
        var events = Training.History.SyntheticHistory.Generate(world, start, args.Int("events", 10_000, 1, int.MaxValue));
        var lines = Training.History.SyntheticHistory.WriteJsonl(path, events);
        ctx.Out.WriteLine($"{lines} events ({world.ItemCount} item upserts, then sessions of {world.UserCount} users) -> {Path.GetFullPath(path)}");
        return 0;
    }

    private static SimulationPlan ParsePlan(Args args)
    {
        args.Allow(["events", "rate", "batch", "seed", .. TrafficOptions.Names]);
        args.MaxPositionals(1);
        var total = args.Int("events", 10_000, 1, int.MaxValue);
        var rate = args.Int("rate", 500, 0, 1_000_000);
        var batchSize = args.Int("batch", rate == 0 ? 1000 : Math.Clamp(rate / 4, 1, 1000), 1, RequestLimits.MaxIngestBatch);
        var seed = args.Int("seed", Environment.TickCount & 0xFFFF, 0, int.MaxValue);
        var traffic = TrafficOptions.Parse(args, Math.Max(1, rate));
        return new SimulationPlan(total, rate, batchSize, seed, traffic);
    }

    private static async Task<Tally> PostEventsAsync(CliContext ctx, SimulationPlan plan)
    {
        var batches = new SyntheticEventBatches(plan.Traffic, plan.Seed);
        var tally = new Tally();
        var progress = new ProgressLine(ctx.Error);
        var clock = Stopwatch.StartNew();
        await PostAsync(ctx, "v1/items", batches.AllItems(plan.Traffic.Shift, Now()));
        while (tally.Sent < plan.Total)
        {
            await PostItemsAsync(ctx, batches.NewItems(Now()));
            var batch = batches.Next(Math.Min(plan.BatchSize, plan.Total - tally.Sent), Now());
            tally.Add(batch.Length, await PostAsync(ctx, "v1/events", batch));
            var perSecond = tally.Sent / Math.Max(0.001, clock.Elapsed.TotalSeconds);
            progress.Update($"sent {tally.Sent}/{plan.Total}  accepted {tally.Accepted}  rejected {tally.Rejected}  {perSecond:0} ev/s", tally.Sent == plan.Total);
            await KeepToRateAsync(plan, tally.Sent, clock.Elapsed, ctx.Cancellation);
        }

        tally.Elapsed = clock.Elapsed;
        if (plan.Traffic.Shift == TrafficShift.Price)
        {
            await PostAsync(ctx, "v1/items", batches.AllItems(TrafficShift.None, Now()));
            ctx.Error.WriteLine("price shift over: every item posted again at its usual price");
        }

        return tally;
    }

    private static async Task PostItemsAsync(CliContext ctx, SyntheticEventBatches.IngestItem[] items)
    {
        if (items.Length > 0)
        {
            await PostAsync(ctx, "v1/items", items);
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Waits until <paramref name="sent"/> events are due at the plan's rate.</summary>
    private static async Task KeepToRateAsync(SimulationPlan plan, int sent, TimeSpan elapsed, CancellationToken ct)
    {
        var wait = plan.Rate > 0 && sent < plan.Total ? TimeSpan.FromSeconds(sent / (double)plan.Rate) - elapsed : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }

    /// <summary>Posts one batch; 429 and 503 (rate limit, Kafka unavailable) are retried with a growing pause.</summary>
    private static async Task<IngestResult> PostAsync<T>(CliContext ctx, string path, T[] batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ApiClient.Parse<IngestResult>(await ctx.Api.PostJsonAsync(path, batch, ctx.Cancellation));
            }
            catch (ApiException ex) when (IsRetryable(ex) && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), ctx.Cancellation);
            }
        }
    }

    private static bool IsRetryable(ApiException ex) =>
        ex.Status is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.ServiceUnavailable;

    private static void PrintSummary(CliContext ctx, Tally tally)
    {
        if (ctx.Json)
        {
            var summary = new { sent = tally.Sent, accepted = tally.Accepted, rejected = tally.Rejected, reasons = tally.Reasons, seconds = tally.Elapsed.TotalSeconds };
            ctx.Out.WriteLine(JsonSerializer.Serialize(summary, ApiClient.Json));
            return;
        }

        var seconds = tally.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        ctx.Out.WriteLine($"sent {tally.Sent} events in {seconds}s: {tally.Accepted} accepted, {tally.Rejected} rejected");
        if (tally.Reasons.Count > 0)
        {
            var table = new Table("reason", "count");
            foreach (var (reason, count) in tally.Reasons.OrderByDescending(p => p.Value))
            {
                table.Add(reason, count.ToString(CultureInfo.InvariantCulture));
            }

            table.Write(ctx.Out);
        }
    }
}
