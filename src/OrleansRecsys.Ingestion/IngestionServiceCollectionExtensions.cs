using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Batch;
using OrleansRecsys.Grains.Catalog;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>Kafka bootstrap, producer, prediction log and the Kafka readiness check (every host that takes
    /// events over HTTP).</summary>
    public static IServiceCollection AddRecsysKafka(this IServiceCollection services)
    {
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<KafkaOptions>, KafkaOptionsValidator>();
        services.AddSingleton<KafkaBootstrap>();
        services.AddOptions<KafkaRetryOptions>().BindConfiguration(KafkaRetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<KafkaRetries>();
        services.AddSingleton<EventPublisher>();
        services.TryAddSingleton(UserPseudonyms.Off);
        services.AddSingleton<PredictionLogWriter>();
        services.AddSingleton<IPredictionSink>(sp => sp.GetRequiredService<PredictionLogWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<PredictionLogWriter>());
        services.AddHealthChecks().AddCheck<KafkaHealthCheck>(KafkaHealthCheck.Name, tags: [HealthCheckTags.Ready]);
        return services;
    }

    /// <summary>The consumer-group member that applies Kafka events to grains, its readiness check, and the publisher of
    /// precomputed recommendations (silos only).</summary>
    public static IServiceCollection AddRecsysIngestion(this IServiceCollection services)
    {
        services.AddRecsysKafka();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<IRecommendationSink, RecommendationPublisher>();
        services.AddSingleton<IInteractionLog, KafkaInteractionLog>();
        services.AddSingleton(IngestionMetricSeries.Series);
        services.AddHostedService(sp => sp.GetRequiredService<IngestionService>());
        services.AddHealthChecks().AddCheck<KafkaAssignmentHealthCheck>(KafkaAssignmentHealthCheck.Name, tags: [HealthCheckTags.Ready]);
        return services;
    }
}
