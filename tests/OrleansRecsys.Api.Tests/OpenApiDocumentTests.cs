using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    /// <summary>Documented routes that the OpenAPI document does not describe, and why.</summary>
    private static readonly Dictionary<string, string> NotInTheDocument = new(StringComparer.Ordinal)
    {
        ["GET /metrics"] = "Prometheus text exposition, not part of the JSON API",
        ["GET /openapi/v1.json"] = "the document itself",
        ["GET /console"] = "the rollout console's static page and files, not part of the JSON API",
    };

    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "patch"];

    private ApiTestHost _host = null!;
    private JsonDocument _document = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiTestHost.StartAsync();
        using var response = await _host.Client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        _document.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public void Every_route_in_docs_api_md_is_in_the_document_and_every_operation_is_documented()
    {
        var documented = DocumentedRoutes.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "api.md")));
        documented.ExceptWith(NotInTheDocument.Keys);
        var described = new SortedSet<string>(Operations().Select(o => o.Route), StringComparer.Ordinal);

        Assert.True(documented.Count > 15, $"docs/api.md parsed into only {documented.Count} routes: {string.Join(", ", documented)}");
        Assert.Empty(documented.Except(described));
        Assert.Empty(described.Except(documented));
    }

    [Fact]
    public void The_jwt_bearer_scheme_is_declared()
    {
        var scheme = _document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());
    }

    [Fact]
    public void Every_v1_operation_requires_a_bearer_token_with_the_roles_that_grant_it_and_health_needs_none()
    {
        foreach (var (route, operation) in Operations())
        {
            if (route.Contains(" /v1/", StringComparison.Ordinal))
            {
                var roles = operation.GetProperty("security")[0].GetProperty("Bearer").EnumerateArray().Select(r => r.GetString()).ToArray();
                Assert.True(roles.Contains(Roles.Admin), $"{route} does not list the admin role: {string.Join(", ", roles)}");
            }
            else
            {
                Assert.False(operation.TryGetProperty("security", out _), $"{route} should need no token");
            }
        }

        var rank = Operation("post", "/v1/rank").GetProperty("security")[0].GetProperty("Bearer");
        Assert.Equal([Roles.Score, Roles.Admin], rank.EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Every_operation_shows_its_success_response_and_v1_ones_the_caller_problems()
    {
        foreach (var (route, operation) in Operations())
        {
            var codes = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToArray();
            Assert.True(codes.Any(c => c.StartsWith('2')), $"{route} shows no success response: {string.Join(", ", codes)}");
            if (route.Contains(" /v1/", StringComparison.Ordinal))
            {
                Assert.Subset(codes.ToHashSet(), new HashSet<string> { "401", "403", "429", "503" });
            }
        }
    }

    [Fact]
    public void Json_endpoints_show_their_body_and_its_problems()
    {
        var rank = Operation("post", "/v1/rank");
        Assert.True(rank.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var codes = rank.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Subset(codes, new HashSet<string> { "200", "400", "413", "415" });

        var register = Operation("post", "/v1/models/{name}/versions");
        Assert.True(register.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.Subset(register.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet(),
            new HashSet<string> { "201", "400", "409", "413", "422" });
    }

    [Fact]
    public void Every_rollout_and_retraining_operation_shows_the_400_of_a_malformed_model_name_once()
    {
        var onOneModel = Operations().Where(o => o.Route.Contains("/v1/models/{name}/rollout", StringComparison.Ordinal)
            || o.Route.Contains("/v1/models/{name}/retraining", StringComparison.Ordinal)).ToList();

        Assert.Equal(10, onOneModel.Count);
        foreach (var (route, operation) in onOneModel)
        {
            var codes = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(codes.Count(c => c == "400") == 1, $"{route} shows 400 {codes.Count(c => c == "400")} times: {string.Join(", ", codes)}");
        }
    }

    [Fact]
    public void Operations_keep_their_names_summaries_and_tags()
    {
        var rank = Operation("post", "/v1/rank");
        Assert.Equal("Rank", rank.GetProperty("operationId").GetString());
        Assert.Equal("Rank candidates for a user", rank.GetProperty("summary").GetString());
        Assert.Equal("Serving", rank.GetProperty("tags")[0].GetString());
    }

    private JsonElement Operation(string method, string path) =>
        _document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

    private IEnumerable<(string Route, JsonElement Operation)> Operations()
    {
        foreach (var path in _document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var key in OperationKeys)
            {
                if (path.Value.TryGetProperty(key, out var operation))
                {
                    yield return ($"{key.ToUpperInvariant()} {path.Name}", operation);
                }
            }
        }
    }
}
