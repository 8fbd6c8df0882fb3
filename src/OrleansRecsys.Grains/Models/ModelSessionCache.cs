using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Grains.Models;

/// <summary>
/// One ONNX session per model version per silo, shared by every activation. A version that fails to load is
/// reported unhealthy (with the reason) and retried after a pause, never crashing the silo. A load completes only
/// after the version has scored a warm-up batch (<see cref="ModelWarmup"/>), so a loaded version is a warm one.
/// </summary>
internal sealed class ModelSessionCache(
    IGrainFactory grains,
    FeatureCatalog catalog,
    ModelStore store,
    RecsysMetrics metrics,
    IOptions<GridOptions> options,
    ILogger<ModelSessionCache> logger) : IDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private sealed class Entry(Task<LoadedModel> load)
    {
        public Task<LoadedModel> Load { get; } = load;
        public DateTime CreatedUtc { get; } = DateTime.UtcNow;
    }

    private readonly ConcurrentDictionary<ModelVersionKey, Entry> _entries = new();

    /// <summary>The loaded model, or the reason it cannot serve (as a value, not an exception).</summary>
    public async ValueTask<(LoadedModel? Model, string? Error)> GetAsync(string model, string version)
    {
        var key = new ModelVersionKey(model, version);
        while (true)
        {
            // Looked up first: the factory's closure would otherwise be allocated on every call (twice per rank request).
            var entry = _entries.TryGetValue(key, out var found) ? found : _entries.GetOrAdd(key, static (k, cache) => new Entry(cache.LoadAsync(k.Model, k.Version)), this);
            if (entry.Load.IsCompletedSuccessfully)
            {
                return (entry.Load.Result, null);
            }

            try
            {
                return (await entry.Load, null);
            }
            catch (Exception ex)
            {
                // A bad model stays unhealthy for a while; a transient failure (a silo failing over) is retried at once.
                var permanent = ex is ModelInvalidException or CatalogException or InvalidDataException or FileNotFoundException;
                if (!permanent || DateTime.UtcNow - entry.CreatedUtc > RetryAfterFailure)
                {
                    _entries.TryRemove(new KeyValuePair<ModelVersionKey, Entry>(key, entry));
                    if (permanent)
                    {
                        continue;
                    }
                }

                return (null, ex.Message);
            }
        }
    }

    private void Unload(string model, string version)
    {
        if (_entries.TryRemove(new ModelVersionKey(model, version), out var entry) && entry.Load.IsCompletedSuccessfully)
        {
            entry.Load.Result.Scorer.Dispose();
            metrics.ModelsLoaded.Add(-1);
            logger.LogInformation("Unloaded model {Model}@{Version}", model, version);
        }
    }

    /// <summary>Whether this silo holds the version's session, loaded and warmed (a load in progress or failed is not).</summary>
    public bool IsLoaded(string model, string version) =>
        _entries.TryGetValue(new ModelVersionKey(model, version), out var entry) && entry.Load.IsCompletedSuccessfully;

    /// <summary>The versions whose sessions this silo holds.</summary>
    public IReadOnlyCollection<ModelVersionKey> LoadedKeys => _entries.Where(e => e.Value.Load.IsCompletedSuccessfully).Select(e => e.Key).ToArray();

    /// <summary>Unloads versions that were retired (or removed) since they were loaded; run periodically on every silo.</summary>
    public async Task SweepAsync()
    {
        foreach (var key in LoadedKeys)
        {
            var (model, version) = key;
            try
            {
                var info = await grains.GetGrain<IModelRegistryGrain>(model).GetAsync(version);
                if (info is null || info.Status == ModelStatus.Retired)
                {
                    Unload(model, version);
                }
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Checking {Key} for retirement failed", key);
            }
        }
    }

    private async Task<LoadedModel> LoadAsync(string model, string version)
    {
        await Task.Yield();
        var info = await grains.GetGrain<IModelRegistryGrain>(model).GetAsync(version)
            ?? throw new ModelInvalidException($"model version {model}@{version} is not registered");
        if (info.Status == ModelStatus.Retired)
        {
            throw new ModelInvalidException($"model version {model}@{version} is retired");
        }

        var manifest = info.Manifest;
        var builder = VectorBuilder.Create(catalog, manifest.Features);
        // Checked against its hash as a stream and loaded from the file by ONNX Runtime: never a managed copy of the model.
        var path = await store.VerifiedPathAsync(manifest.Sha256);
        var scorer = OnnxScorer.LoadFile(path, manifest.InputName, manifest.OutputName, manifest.Features.Length);
        var smoke = ModelValidator.SmokeTest(scorer);
        if (smoke is not null)
        {
            scorer.Dispose();
            throw new ModelInvalidException(smoke);
        }

        var wait = options.Value.MicroBatchWaitUs;
        var loaded = new LoadedModel(manifest, builder, scorer, wait > 0 ? new CoalescingScorer(scorer, TimeSpan.FromMicroseconds(wait)) : null);
        var started = Stopwatch.GetTimestamp();
        if (await ModelWarmup.RunAsync(loaded) is { } warmError)
        {
            scorer.Dispose();
            throw new ModelInvalidException(warmError);
        }

        // Limited only from here: a first run may be slow for reasons the model's steady state does not share.
        scorer.RunLimit = TimeSpan.FromMilliseconds(options.Value.ScoringRunLimitMs);
        metrics.ModelsLoaded.Add(1);
        logger.LogInformation("Loaded and warmed model {Model}@{Version} ({Features} features, {Bytes} bytes; warm-up batch {WarmupMs:F1} ms)",
            model, version, manifest.Features.Length, info.SizeBytes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return loaded;
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            if (entry.Load.IsCompletedSuccessfully)
            {
                entry.Load.Result.Scorer.Dispose();
            }
        }

        _entries.Clear();
    }
}
