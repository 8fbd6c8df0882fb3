using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// The HTTP API as the silo and the gateway build it (the Api's own registration and mapping), on an in-memory server,
/// with no Orleans cluster and no Kafka. The endpoints' services are registered so that minimal APIs bind them as
/// services, but none of them works: a test here that reaches the grid is a mistake.
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    public const string SigningKey = "api-tests-signing-key-of-at-least-32-bytes";

    private readonly WebApplication _app;

    private ApiTestHost(WebApplication app) => _app = app;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the API; <paramref name="mapMore"/> maps extra endpoints after it, as a later change to the API would.</summary>
    /// <param name="settings">Configuration on top of the auth settings (limits, for example).</param>
    /// <param name="auth">
    /// <c>Recsys:Auth</c> settings (keys relative to the section); without them the host signs with <see cref="SigningKey"/>.
    /// </param>
    /// <param name="services">Registrations made before the API's own, which then keep them (a test's clock, say).</param>
    public static async Task<ApiTestHost> StartAsync(IEventIntake? intake = null, IDictionary<string, string?>? settings = null,
        Action<WebApplication>? mapMore = null, IReadOnlyDictionary<string, string>? auth = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        foreach (var (key, value) in auth ?? new Dictionary<string, string> { ["SigningKey"] = SigningKey })
        {
            builder.Configuration[$"{AuthOptions.Section}:{key}"] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        services?.Invoke(builder.Services);
        builder.Services.AddRecsysApi(TelemetryServiceNames.Gateway);
        builder.Services.AddSingleton(NoGridProxy.Create<IGrainFactory>());
        builder.Services.AddSingleton<IEventIntake>(_ => intake ?? throw NotInTheseTests(nameof(IEventIntake)));

        var app = builder.Build();
        app.MapRecsysApi();
        mapMore?.Invoke(app);
        await app.StartAsync();
        return new ApiTestHost(app) { Client = app.GetTestClient() };
    }

    /// <summary>POST /v1/rank with an invalid body: 400 once the caller is let in, 401 or 403 if not. Never reaches the grid.</summary>
    public async Task<System.Net.HttpStatusCode> RankStatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rank") { Content = JsonContent.Create(new { userId = "" }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A request carrying a valid token with the given roles.</summary>
    public static HttpRequestMessage Authorized(HttpMethod method, string path, params string[] roles) => AuthorizedAs("api-tests", method, path, roles);

    /// <summary>A request carrying a valid token for the given subject (the per-caller rate limit's key).</summary>
    public static HttpRequestMessage AuthorizedAs(string subject, HttpMethod method, string path, params string[] roles)
    {
        var token = TokenMinter.Mint(SigningKeys.Decode(SigningKey), "orleans-recsys", "recsys", subject, roles, TimeSpan.FromMinutes(5));
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static InvalidOperationException NotInTheseTests(string service) =>
        new($"{service} is registered only so that endpoints bind it as a service; these tests never reach the grid");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
