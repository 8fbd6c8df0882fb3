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
/// Demo traffic of the local profile (Recsys:Simulator:Enabled), from the same <see cref="SyntheticTraffic"/> the demo
/// model is trained on, with the same timeline: it first produces <see cref="TrafficSettings.WarmUp"/> of history as fast
/// as Kafka takes it, so the grid starts in the steady state the model's reference describes; then each session, when
/// it is due at the configured rate, asks the grid to rank its items and produces its events with the ranking's requestId.
/// <c>Recsys:Simulator:Shown</c> limits what the user acts on to the ranking's top items.
/// <c>Recsys:Simulator:Shift</c> is read before every session: items are published again at their shifted (or usual)
/// prices whenever it changes.
/// </summary>
internal sealed class TrafficSimulator(
    IGrainFactory grains,
    EventPublisher publisher,
    IOptionsMonitor<SimulatorOptions> options,
    ILogger<TrafficSimulator> logger) : BackgroundService
{
    private const int BackfillBatch = 5000;

    private readonly string _eventPrefix = $"sim-{Guid.NewGuid().ToString("N")[..8]}-";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        var traffic = new SyntheticTraffic(settings.SteadyTraffic(), Environment.TickCount);
        // One timeline: the history and the live traffic are consecutive steps of the same run, so there is no gap
        // between them however long producing the history takes.
        using var steps = traffic.Run(Now() - (long)TrafficSettings.WarmUp.TotalMilliseconds).GetEnumerator();
        try
        {
            await BackfillAsync(traffic, steps, stoppingToken);
            await RunLiveAsync(traffic, steps, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Produces the steps already due (the warm-up history, time-stamped in the past, without rankings) as fast
    /// as Kafka takes them; stops at the first step due now or later, which stays current for the live traffic.</summary>
    private async Task BackfillAsync(SyntheticTraffic traffic, IEnumerator<TrafficStep> steps, CancellationToken ct)
    {
        var items = new List<(string, byte[])>();
        var events = new List<(string, byte[])>();
        long produced = 0;
        logger.LogInformation("Traffic simulator: replaying {Minutes:0} minutes of history ({Settings})", TrafficSettings.WarmUp.TotalMinutes, traffic.Settings.Describe());
        while (steps.MoveNext() && steps.Current.AtMs < Now())
        {
            items.AddRange(steps.Current.Arrivals.Select(ItemMessage));
            events.AddRange(steps.Current.Session.Events.Select(e => EventMessage(e, requestId: null)));
            if (events.Count >= BackfillBatch)
            {
                produced += await FlushAsync(items, events, ct);
            }
        }

        produced += await FlushAsync(items, events, ct);
        logger.LogInformation("Traffic simulator: history of {Events} events produced; live traffic starts", produced);
    }

    /// <summary>Items before the events that refer to them, then both lists emptied; returns the events produced.</summary>
    private async Task<int> FlushAsync(List<(string, byte[])> items, List<(string, byte[])> events, CancellationToken ct)
    {
        await publisher.ProduceAllAsync(Topics.Items, items, ct);
        await publisher.ProduceAllAsync(Topics.Interactions, events, ct);
        var count = events.Count;
        items.Clear();
        events.Clear();
        return count;
    }

    /// <summary>Each step when it is due: its new items, then its session's ranking and events.</summary>
    private async Task RunLiveAsync(SyntheticTraffic traffic, IEnumerator<TrafficStep> steps, CancellationToken ct)
    {
        long produced = 0;
        var started = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                produced += await SimulateStepAsync(steps.Current, ct);
                if (lastReport.Elapsed > TimeSpan.FromSeconds(30))
                {
                    logger.LogInformation("Traffic simulator: {Produced} events produced ({Rate:F0}/s), shift {Shift}", produced, produced / started.Elapsed.TotalSeconds, traffic.Shift);
                    lastReport.Restart();
                }

                await ApplyShiftAsync(traffic, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Traffic simulator step failed; continuing");
                await Task.Delay(1000, ct);
            }

            steps.MoveNext();
        }
    }

    /// <summary>Takes up a changed <c>Recsys:Simulator:Shift</c>; every item is published again at the price it now has.</summary>
    private async Task ApplyShiftAsync(SyntheticTraffic traffic, CancellationToken ct)
    {
        var shift = options.CurrentValue.Shift;
        if (shift == traffic.Shift)
        {
            return;
        }

        traffic.Shift = shift;
        await publisher.ProduceAllAsync(Topics.Items, traffic.CurrentItems(Now()).Select(ItemMessage).ToList(), ct);
        logger.LogInformation("Traffic simulator: shift is now {Shift}", shift);
    }

    /// <summary>Waits until the step is due, publishes the items that arrived by then, asks for the ranking of the
    /// session's items, then produces its events carrying that ranking's requestId; returns the events produced.</summary>
    private async Task<int> SimulateStepAsync(TrafficStep step, CancellationToken ct)
    {
        var wait = step.AtMs - Now();
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
        }

        if (step.Arrivals.Count > 0)
        {
            await publisher.ProduceAllAsync(Topics.Items, step.Arrivals.Select(ItemMessage).ToList(), ct);
        }

        var session = step.Session;
        var shown = options.CurrentValue.Shown;
        var k = shown > 0 ? Math.Min(shown, session.Candidates.Length) : session.Candidates.Length;
        var ranked = await grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest(session.UserId, session.Candidates, k, ModelNames.Default));
        var messages = ActedOn(session.Events, ranked, shown > 0).Select(e => EventMessage(e, ranked.RequestId)).ToList();
        await publisher.ProduceAllAsync(Topics.Interactions, messages, ct);
        return messages.Count;
    }

    /// <summary>The session's events as a user who saw only the ranking's returned items lives them: every view, and the
    /// clicks, carts and purchases of shown items only.</summary>
    private static IEnumerable<Interaction> ActedOn(IReadOnlyList<Interaction> events, RankResponse ranked, bool onlyShown)
    {
        if (!onlyShown)
        {
            return events;
        }

        var shown = ranked.Items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
        return events.Where(e => e.Type == InteractionType.View || shown.Contains(e.ItemId));
    }

    private (string, byte[]) EventMessage(Interaction e, string? requestId) => (e.UserId, JsonSerializer.SerializeToUtf8Bytes(new
    {
        eventId = _eventPrefix + e.EventId,
        userId = e.UserId,
        itemId = e.ItemId,
        type = EventParser.TypeName(e.Type),
        ts = e.TsMs,
        value = e.Value,
        requestId,
    }));

    private static (string, byte[]) ItemMessage(ItemUpsert u) =>
        (u.ItemId, JsonSerializer.SerializeToUtf8Bytes(new { itemId = u.ItemId, category = u.Category, price = u.Price, tags = u.Tags, ts = u.TsMs }));

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
