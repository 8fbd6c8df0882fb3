using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// Warms a model's request path in this silo before its first request: one vectors call through the silo's ranking
/// worker for synthetic users and items (activating the worker and a user grain, reading feature storage, filling the
/// item replica, building a vector with the routed version), then one activation of each routed version's scoring
/// grain. Without it a fresh silo's first rank paid for all of that (and the JIT) and could miss its deadline. It
/// writes no state and records no rank, metric or prediction; it runs once per model per silo start.
/// </summary>
internal sealed class RankPathWarmup(IGrainFactory grains, ILogger<RankPathWarmup> logger)
{
    /// <summary>The synthetic user and item: the warm-up only reads them, so a caller using the same id is not affected.</summary>
    private const string SyntheticId = "~warmup-";

    private const int SyntheticCount = 8;

    private readonly ConcurrentDictionary<string, Task> _runs = new(StringComparer.Ordinal);

    /// <summary>Warms the path once (a failed run is retried on the next call); completes when the path is warm.</summary>
    public Task WarmAsync(string model, IReadOnlyList<string> versions)
    {
        var run = _runs.GetOrAdd(model, _ => RunAsync(model, versions));
        if (run.IsFaulted)
        {
            _runs.TryRemove(new KeyValuePair<string, Task>(model, run));
        }

        return run;
    }

    private async Task RunAsync(string model, IReadOnlyList<string> versions)
    {
        await Task.Yield();
        // Several users and items, so that with random placement some land in this silo and warm its storage reads too.
        var ranking = grains.GetGrain<IRankingGrain>(0);
        var items = new string[SyntheticCount];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = SyntheticId + i;
        }

        for (var i = 0; i < SyntheticCount; i++)
        {
            await ranking.GetVectorsAsync(new VectorsRequest(SyntheticId + i, items, model));
        }

        foreach (var version in versions)
        {
            var error = await grains.GetGrain<IModelVersionGrain>(new ModelVersionKey(model, version).ToString()).GetHealthErrorAsync();
            if (error is not null)
            {
                throw new InvalidOperationException($"{model}@{version} cannot serve: {error}");
            }
        }

        logger.LogInformation("Warmed the request path of {Model} in this silo", model);
    }
}
