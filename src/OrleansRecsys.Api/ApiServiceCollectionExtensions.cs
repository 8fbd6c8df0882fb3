using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
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
using OrleansRecsys.Grains;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

public static class ApiServiceCollectionExtensions
{
    public const string RateLimitPolicy = "per-subject";

    /// <summary>HTTP API services shared by the silo and the gateway: auth, problem details, metrics, rate limits, OpenAPI.</summary>
    public static IServiceCollection AddRecsysApi(this IServiceCollection services)
    {
        services.AddAuthOptions();
        services.AddServingOptions();
        services.AddProblemDetails();
        services.AddExceptionHandler<ClusterExceptionHandler>();
        services.ConfigureHttpJsonOptions(UseWireJsonConventions);
        services.AddRecsysJwtBearer();
        services.AddRolePolicies();
        services.AddPerSubjectRateLimit();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(RecsysMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter());
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
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapPrometheusScrapingEndpoint("/metrics");

        // The document describes the API only (no secrets), so tools may fetch it without a token.
        app.MapOpenApi().AllowAnonymous();
        HealthApi.Map(app);
        var v1 = app.MapGroup("/v1").RequireRateLimiting(RateLimitPolicy).ProducesCallerProblems();
        RankApi.Map(v1);
        FeaturesApi.Map(v1);
        IngestApi.Map(v1.MapGroup("").ProducesJsonBodyProblems());
        ModelsApi.Map(v1);
        RolloutApi.Map(v1);
        return app;
    }

    private static void AddAuthOptions(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<SigningKeyHolder>();
    }

    /// <summary>The caller's deadline and the popularity snapshot the API answers with when the grid cannot answer in time.</summary>
    private static void AddServingOptions(this IServiceCollection services)
    {
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.Section)
            .Configure<IConfiguration>((options, config) => options.DefaultDeadlineMs = config.GetValue(ServingOptions.GridDeadlineKey, options.DefaultDeadlineMs))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RecsysMetrics>();
        services.AddSingleton(sp => new PopularitySnapshotKeeper(sp.GetRequiredService<IGrainFactory>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ServingOptions>>().Value.PopularityRefreshMs)));
    }

    private static void UseWireJsonConventions(JsonOptions options)
    {
        options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    /// <summary>One policy per role, named after it; the admin role passes every policy.</summary>
    private static void AddRolePolicies(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Score, p => p.RequireRole(Roles.Score, Roles.Admin))
            .AddPolicy(Roles.Read, p => p.RequireRole(Roles.Read, Roles.Admin))
            .AddPolicy(Roles.Ingest, p => p.RequireRole(Roles.Ingest, Roles.Admin))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));

    private static void AddPerSubjectRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            options.AddPolicy(RateLimitPolicy, TokenBucketPerSubject);
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        context.HttpContext.Response.Headers.RetryAfter = "1";
        await Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
            "the per-caller rate limit is exceeded; retry after a second");
    }

    private static RateLimitPartition<string> TokenBucketPerSubject(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RateLimitPerSecond;
        return RateLimitPartition.GetTokenBucketLimiter(TokenMinter.Subject(context.User), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = limit,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
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
