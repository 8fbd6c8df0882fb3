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
        // Checked against its hash as a stream, then split in the store's staging folder so that ONNX Runtime maps the
        // large initializers instead of copying them: never a managed copy of the model, and no parsed copy of them either.
        var path = await store.VerifiedPathAsync(manifest.Sha256);
        var scorer = ModelFileLoader.Load(path, store.StagingDirectory, manifest.InputName, manifest.OutputName, manifest.Features.Length);
        var smoke = ModelValidator.SmokeTest(scorer);
        if (smoke is not null)
        {
            scorer.Dispose();
            throw new ModelInvalidException(smoke);
        }

        return await WarmAsync(manifest, scorer, "Loaded");
    }

    /// <summary>
    /// Takes the session a registration on this silo has just loaded and validated as the version's own, so the silo
    /// does not load the model a second time to serve it (ONNX Runtime holds about twice a model's size while loading).
    /// The cache owns <paramref name="scorer"/> from here: it is disposed when the version is already loaded here.
    /// </summary>
    public async Task AdoptAsync(ModelManifest manifest, OnnxScorer scorer)
    {
        var key = new ModelVersionKey(manifest.Name, manifest.Version!);
        if (_entries.ContainsKey(key))
        {
            scorer.Dispose();
            return;
        }

        var warm = WarmAsync(manifest, scorer, "Adopted the registration's session");
        if (!_entries.TryAdd(key, new Entry(warm)))
        {
            (await warm).Scorer.Dispose();
            metrics.ModelsLoaded.Add(-1);
            return;
        }

        await warm;
    }

    /// <summary>The version ready to serve: its vector builder, the batcher when micro-batching is on, and the warm-up
    /// batch scored (<see cref="ModelWarmup"/>); a version that cannot score it is refused and its session disposed.</summary>
    private async Task<LoadedModel> WarmAsync(ModelManifest manifest, OnnxScorer scorer, string how)
    {
        LoadedModel loaded;
        try
        {
            var wait = options.Value.MicroBatchWaitUs;
            var instances = new ScoringInstances(options.Value.ModelInstancesOrCores);
            loaded = new LoadedModel(manifest, VectorBuilder.Create(catalog, manifest), scorer, instances,
                wait > 0 ? new CoalescingScorer(scorer, TimeSpan.FromMicroseconds(wait), instances: instances) : null);
        }
        catch
        {
            scorer.Dispose();
            throw;
        }

        var started = Stopwatch.GetTimestamp();
        if (await ModelWarmup.RunAsync(loaded) is { } warmError)
        {
            scorer.Dispose();
            throw new ModelInvalidException(warmError);
        }

        // Limited only from here: a first run may be slow for reasons the model's steady state does not share.
        scorer.RunLimit = TimeSpan.FromMilliseconds(options.Value.ScoringRunLimitMs);
        metrics.ModelsLoaded.Add(1);
        logger.LogInformation("{How} and warmed model {Model}@{Version} ({Features} features; warm-up batch {WarmupMs:F1} ms)",
            how, manifest.Name, manifest.Version, manifest.Features.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
