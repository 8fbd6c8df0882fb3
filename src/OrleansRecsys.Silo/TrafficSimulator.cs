using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Training;

namespace OrleansRecsys.Silo;

/// <summary>
/// Demo traffic of the local profile (Recsys:Simulator:Enabled): each synthetic session asks the grid to rank a few
/// items, then produces its views, clicks, carts and purchases to Kafka with the ranking's requestId, at a fixed event rate.
/// </summary>
internal sealed class TrafficSimulator(
    IGrainFactory grains,
    EventPublisher publisher,
    IOptions<SimulatorOptions> options,
    ILogger<TrafficSimulator> logger) : BackgroundService
{
    private long _sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        var world = new SyntheticWorld(users: options.Value.Users, seed: Environment.TickCount);
        var rate = options.Value.EventsPerSecond;
        long produced = 0;
        var started = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        logger.LogInformation("Traffic simulator on: {Rate} events/s over {Users} users", rate, world.UserCount);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                produced += await SimulateSessionAsync(world, stoppingToken);
                await PaceAsync(produced, rate, started.Elapsed, stoppingToken);
                if (lastReport.Elapsed > TimeSpan.FromSeconds(30))
                {
                    logger.LogInformation("Traffic simulator: {Produced} events produced ({Rate:F0}/s)", produced, produced / started.Elapsed.TotalSeconds);
                    lastReport.Restart();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Traffic simulator step failed; continuing");
                await Task.Delay(1000, stoppingToken);
            }
        }
    }

    /// <summary>One user's session: a ranking of the items it touches, then its events carrying that ranking's requestId.</summary>
    private async Task<int> SimulateSessionAsync(SyntheticWorld world, CancellationToken ct)
    {
        var user = world.NextUser();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var events = world.Session(user, now, ref _sequence);
        var candidates = events.Select(e => e.ItemId).Distinct().ToArray();
        var ranked = await grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest(SyntheticWorld.UserId(user), candidates, candidates.Length, ModelNames.Default));
        var messages = events
            .Select(e => (e.UserId, JsonSerializer.SerializeToUtf8Bytes(new
            {
                eventId = $"sim-{ranked.RequestId}-{e.EventId}",
                userId = e.UserId,
                itemId = e.ItemId,
                type = EventParser.TypeName(e.Type),
                ts = now + (e.TsMs - now) / 100, // the session's minutes compressed into the next second or so
                value = e.Value,
                requestId = ranked.RequestId,
            })))
            .ToList();
        await publisher.ProduceAllAsync(Topics.Interactions, messages, ct);
        return messages.Count;
    }

    /// <summary>Waits until <paramref name="produced"/> events are due at <paramref name="rate"/> per second.</summary>
    private static async Task PaceAsync(long produced, int rate, TimeSpan elapsed, CancellationToken ct)
    {
        var due = TimeSpan.FromSeconds(produced / (double)rate) - elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, ct);
        }
    }
}
