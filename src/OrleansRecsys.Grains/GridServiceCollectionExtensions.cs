using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Grains.Batch;
using OrleansRecsys.Grains.Catalog;
using OrleansRecsys.Grains.Features;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Resilience;
using OrleansRecsys.Grains.Retraining;
using OrleansRecsys.Grains.Rollout;
using OrleansRecsys.Grains.Serving;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Grains;

public static class GridServiceCollectionExtensions
{
    /// <summary>The silo-side services of the grid: catalogue, engine, caches, model store, metrics.</summary>
    public static IServiceCollection AddRecsysGrid(this IServiceCollection services)
    {
        services.AddOptions<GridOptions>().BindConfiguration(GridOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GridOptions>, GridOptionsValidator>());
        services.AddRecsysCatalog();
        services.AddSingleton(sp =>
        {
            // The id pool is process-wide, like the strings it shares; sized from configuration before the engine, its
            // only writer, applies anything.
            IdPool.Resize(sp.GetRequiredService<IOptions<GridOptions>>().Value.IdPoolCapacity);
            return new FeatureEngine(sp.GetRequiredService<FeatureCatalog>());
        });
        services.AddOptions<CandidateOptions>().BindConfiguration(CandidateOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CandidateOptions>, CandidateOptionsValidator>());
        services.AddSingleton(sp => new CandidateRules(sp.GetRequiredService<FeatureCatalog>(), sp.GetRequiredService<IOptions<CandidateOptions>>().Value));
        services.AddSingleton<CandidateGenerator>();
        services.TryAddSingleton<IInteractionLog, UnavailableInteractionLog>();
        services.AddSingleton(sp => new ModelStore(sp.GetRequiredService<IOptions<GridOptions>>().Value.ModelStoreDirectory));
        services.TryAddSingleton<RecsysMetrics>();
        services.AddSingleton(GridMetricSeries.Series);
        services.AddSingleton<ModelSessionCache>();
        services.AddHostedService<RetiredSessionSweeper>();
        services.AddSingleton(sp =>
        {
            var cache = new ItemFeatureCache(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IOptions<GridOptions>>());
            sp.GetRequiredService<RecsysMetrics>().RegisterItemCache(() => cache.Evictions, () => cache.Count);
            return cache;
        });
        services.AddSingleton<RolloutPlanCache>();
        services.AddHostedService<RolloutPlanRefresher>();
        services.AddSingleton<RankPathWarmup>();
        services.AddSingleton<ServingModelsHealthCheck>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(ServingModelsHealthCheck.Name,
            sp => sp.GetRequiredService<ServingModelsHealthCheck>(), failureStatus: null, tags: [HealthCheckTags.Ready]));
        services.AddHostedService<ServingWarmer>();
        services.AddSingleton<VariantStatsCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<VariantStatsCollector>());
        services.AddSingleton<ShadowScorer>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowScorer>());
        services.AddSingleton<RankingRecorder>();
        services.AddSingleton<RankExplainer>();
        services.AddSingleton<RankPathGrains>();
        services.AddOptions<ModelCircuitOptions>().BindConfiguration(ModelCircuitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ModelCircuitBreakers>();
        // The embedded default: a key per run, enough for one process. A host running several silos registers the
        // configured key before this.
        services.TryAddSingleton(_ => RequestIdSigner.WithRandomKey());
        services.TryAddSingleton<IPredictionSink, NullPredictionSink>();
        services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchScheduleOptions>().BindConfiguration(BatchScheduleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchScheduleOptions>, BatchScheduleOptionsValidator>());
        services.AddHostedService<BatchScheduler>();
        // The HTTP API registers the same cache in a gateway; in a silo the grains and the API share this one.
        services.TryAddSingleton(sp => new PopularLists(sp.GetRequiredService<IGrainFactory>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IConfiguration>().GetValue(PopularLists.RefreshKey, PopularLists.DefaultRefreshMs))));
        services.AddSingleton<BatchScorer>();
        services.TryAddSingleton<IRecommendationSink, NullRecommendationSink>();
        services.AddRecsysRetraining();
        return services;
    }

    /// <summary>The catalogue this silo serves (from its file until the first refresh adopts the grid's version), the refresher
    /// that keeps it on the grid's version, and the sync live ingestion waits for.</summary>
    private static void AddRecsysCatalog(this IServiceCollection services)
    {
        services.AddSingleton(sp => FeatureCatalog.Load(sp.GetRequiredService<IOptions<GridOptions>>().Value.CatalogPath));
        services.AddSingleton<CatalogSync>();
        services.AddHostedService<CatalogRefresher>();
    }

    /// <summary>The autopilot: its options (validated at start, naming the key), metrics, and the start-up call that wakes the
    /// configured models' autopilots. A host that can train registers its <see cref="IRetrainingWorkbench"/>; without one a run fails at training.</summary>
    private static void AddRecsysRetraining(this IServiceCollection services)
    {
        services.AddOptions<RetrainingOptions>().BindConfiguration(RetrainingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetrainingOptions>, RetrainingOptionsValidator>());
        services.TryAddSingleton<RetrainingMetrics>();
        services.AddSingleton(sp => new KnownMetricSeries(_ => sp.GetRequiredService<RetrainingMetrics>().ExportKnownSeries()));
        services.TryAddSingleton<IRetrainingWorkbench, NoRetrainingWorkbench>();
        services.AddHostedService<RetrainingStarter>();
    }
}
