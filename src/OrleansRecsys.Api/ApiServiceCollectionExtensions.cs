using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Retraining;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The reasons this API answers from its own popularity snapshot (<see cref="CallerDeadline.ReasonFor"/>), and
    /// the routes admission control sheds.</summary>
    private static readonly KnownMetricSeries CallerFallbackSeries = new(metrics =>
    {
        foreach (var reason in new[] { FallbackReasons.Deadline, FallbackReasons.SiloUnavailable })
        {
            metrics.CallerFallbacks.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        foreach (var route in new[] { RouteGroups.Rank, RouteGroups.Recommend })
        {
            foreach (var reason in new[] { AdmissionVerdict.RefusedQueueFull, AdmissionVerdict.RefusedQueueTime })
            {
                metrics.AdmissionShed.Add(0, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("reason", reason));
            }
        }
    });

    /// <summary>HTTP API services shared by the silo and the gateway: auth, problem details, metrics, rate limits, OpenAPI.</summary>
    /// <param name="serviceName">The role's OpenTelemetry <c>service.name</c> (<see cref="TelemetryServiceNames"/>).</param>
    public static IServiceCollection AddRecsysApi(this IServiceCollection services, string serviceName)
    {
        services.AddAuthOptions();
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddServingOptions();
        services.AddProblemDetails();
        services.AddExceptionHandler<ClusterExceptionHandler>();
        services.ConfigureHttpJsonOptions(UseWireJsonConventions);
        services.AddRecsysJwtBearer();
        services.AddRolePolicies();
        services.AddRequestLimits();
        services.AddRecsysMetrics(serviceName);
        services.AddHealthChecks(); // ready-tagged checks come from the host (Kafka, partitions, models); ReadinessCheck runs them
        services.AddRecsysOpenApi();
        services.AddSingleton<ReadinessCheck>();
        return services;
    }

    /// <summary>A gateway's model readiness check (a silo registers its own, which checks its warm sessions).</summary>
    public static IServiceCollection AddRecsysGatewayReadiness(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<GatewayModelHealthCheck>(GatewayModelHealthCheck.Name, tags: [HealthCheckTags.Ready]);
        return services;
    }

    /// <summary>Maps every endpoint of the HTTP API (docs/api.md), the OpenAPI document and the Prometheus scrape endpoint.</summary>
    public static WebApplication MapRecsysApi(this WebApplication app)
    {
        app.UseManagementPort();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // The one instance called directly: as a factory-made middleware it cost an async wrapper on every request.
        var admission = app.Services.GetRequiredService<AdmissionControl>();
        app.Use(next => context => admission.InvokeAsync(context, next));
        // Scrapers carry no token; the figures name models and versions but no user data. Keep the port private
        // (Recsys:Host:ManagementUrl moves it off the public port).
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().OnManagementPort();

        // The document describes the API only (no secrets), so tools may fetch it without a token.
        app.MapOpenApi().AllowAnonymous();
        HealthApi.Map(app);
        ConsoleApi.Map(app);
        var v1 = app.MapGroup("/v1").ProducesCallerProblems();
        RankApi.Map(v1);
        FeaturesApi.Map(v1);
        CatalogueApi.Map(v1);
        BackfillsApi.Map(v1);
        IngestApi.Map(v1.MapGroup("").ProducesJsonBodyProblems());
        ModelsApi.Map(v1);
        RolloutApi.Map(v1);
        RetrainingApi.Map(v1);
        CallerApi.Map(v1);
        BatchApi.Map(v1);
        RecommendationsApi.Map(v1);
        return app;
    }

    private static void AddAuthOptions(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<SigningKeyHolder>();
    }

    /// <summary>The caller's deadline, the popularity snapshot the API answers with when the grid cannot answer in time, and
    /// the cached popular lists it serves to callers without a user.</summary>
    private static void AddServingOptions(this IServiceCollection services)
    {
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.Section)
            .Configure<IConfiguration>((options, config) => options.DefaultDeadlineMs = config.GetValue(ServingOptions.GridDeadlineKey, options.DefaultDeadlineMs))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RecsysMetrics>();
        services.AddSingleton<RankingEntry>();
        services.AddSingleton<ServingCalls>();
        services.AddSingleton<IngestCalls>();
        services.AddSingleton(sp => new PopularitySnapshotKeeper(sp.GetRequiredService<IGrainFactory>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ServingOptions>>().Value.PopularityRefreshMs)));
        // A silo's grid registered the same cache already (one per process); a gateway gets its own here.
        services.TryAddSingleton(sp => new PopularLists(sp.GetRequiredService<IGrainFactory>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ServingOptions>>().Value.PopularityRefreshMs)));
    }

    /// <summary>
    /// The OpenTelemetry pipeline behind <c>/metrics</c>: the role as <c>service.name</c>, histogram buckets in seconds set
    /// here (so the exported boundaries do not depend on the SDK honouring instrument advice), and the known series at 0.
    /// </summary>
    private static void AddRecsysMetrics(this IServiceCollection services, string serviceName)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, TelemetryServiceNames.Namespace))
            .WithMetrics(m => m
                .AddMeter(RecsysMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting")
                .AddView(RecsysMetrics.RankDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RecsysMetrics.RankDurationBuckets] })
                .AddView(RecsysMetrics.FreshnessName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RecsysMetrics.FreshnessBuckets] })
                .AddView(RecsysMetrics.FeatureStalenessName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RecsysMetrics.FeatureStalenessBuckets] })
                .AddView(RecsysMetrics.CheckpointDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RecsysMetrics.FreshnessBuckets] })
                .AddView(RecsysMetrics.CheckpointFlushDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RecsysMetrics.FreshnessBuckets] })
                .AddView(RecsysMetrics.StateWriteStatementDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RecsysMetrics.FreshnessBuckets] })
                .AddView(RecsysMetrics.BatchRunDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RecsysMetrics.BatchRunDurationBuckets] })
                .AddView(RetrainingMetrics.StepDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RetrainingMetrics.StepDurationBuckets] })
                .AddPrometheusExporter());
        services.AddSingleton(CallerFallbackSeries);
        services.AddHostedService<KnownSeriesExporter>();
    }

    private static void UseWireJsonConventions(JsonOptions options)
    {
        options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    /// <summary>One policy per role, named after it; the admin role passes every policy. Deny by default: an endpoint
    /// that names no policy still needs an authenticated caller, unless it is marked anonymous where it is mapped. A caller
    /// remembered by authentication is allowed from its remembered roles (<see cref="RememberedCallerPolicyEvaluator"/>).</summary>
    private static void AddRolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.Score, p => p.RequireRole(Roles.Score, Roles.Admin))
            .AddPolicy(Roles.Read, p => p.RequireRole(Roles.Read, Roles.Admin))
            .AddPolicy(Roles.Ingest, p => p.RequireRole(Roles.Ingest, Roles.Admin))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        services.TryAddTransient<PolicyEvaluator>();
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, RememberedCallerPolicyEvaluator>());
    }

    /// <summary>Per-caller and per-route-group rate limits, a concurrency limit on /v1 (<see cref="RequestLimiters"/>) and the
    /// serving routes' admission limit (<see cref="AdmissionControl"/>).</summary>
    private static void AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IOptions<AuthOptions>>(RequestLimiters.Configure);
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdmissionControl>();
    }

    private static void AddRecsysOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "OrleansRecsys HTTP API";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
        });
}
