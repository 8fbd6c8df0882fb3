using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OrleansRecsys.Grains;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

public static class ApiServiceCollectionExtensions
{
    public const string RateLimitPolicy = "per-subject";

    /// <summary>HTTP API services shared by the silo and the gateway: auth, problem details, metrics, rate limits.</summary>
    public static IServiceCollection AddRecsysApi(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeyHolder>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ClusterExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyHolder, IOptions<AuthOptions>>((o, key, auth) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = TokenMinter.Validation(key.Key, auth.Value.Issuer, auth.Value.Audience);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Score, p => p.RequireRole(Roles.Score, Roles.Admin))
            .AddPolicy(Roles.Read, p => p.RequireRole(Roles.Read, Roles.Admin))
            .AddPolicy(Roles.Ingest, p => p.RequireRole(Roles.Ingest, Roles.Admin))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "1";
                await Problems.Write(ctx.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "the per-caller rate limit is exceeded; retry after a second");
            };
            o.AddPolicy(RateLimitPolicy, ctx =>
            {
                var limit = ctx.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RateLimitPerSecond;
                return RateLimitPartition.GetTokenBucketLimiter(TokenMinter.Subject(ctx.User), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limit,
                    TokensPerPeriod = limit,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(RecsysMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter());
        services.AddSingleton<ReadinessCheck>();
        return services;
    }

    /// <summary>Maps every endpoint of DESIGN.md §5.</summary>
    public static WebApplication MapRecsysApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapPrometheusScrapingEndpoint("/metrics");
        HealthApi.Map(app);
        var v1 = app.MapGroup("/v1").RequireRateLimiting(RateLimitPolicy);
        RankApi.Map(v1);
        FeaturesApi.Map(v1);
        IngestApi.Map(v1);
        ModelsApi.Map(v1);
        RolloutApi.Map(v1);
        return app;
    }
}

/// <summary>The signing key, resolved once (the development profile may generate and save it).</summary>
public sealed class SigningKeyHolder(IOptions<AuthOptions> options)
{
    public byte[] Key { get; } = options.Value.ResolveKey();
}
