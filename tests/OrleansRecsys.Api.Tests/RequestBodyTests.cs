using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// Describing a body in the OpenAPI document must not change who answers a wrong content type: the handler does, with a
/// problem that says what to send (routing would answer first with a bare 415, and would refuse other JSON types).
/// </summary>
public sealed class RequestBodyTests : IAsyncLifetime
{
    private ApiTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_json_endpoint_called_with_text_answers_415_with_a_detail()
    {
        using var request = ApiTestHost.Authorized(HttpMethod.Post, "/v1/rank", Roles.Score);
        request.Content = new StringContent("{}", Encoding.UTF8, "text/plain");

        var (status, detail) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("send the body as application/json", detail);
    }

    [Fact]
    public async Task A_json_endpoint_takes_any_json_media_type()
    {
        using var request = ApiTestHost.Authorized(HttpMethod.Post, "/v1/rank", Roles.Score);
        request.Content = new StringContent("""{"userId":""}""", Encoding.UTF8, "text/json");

        var (status, detail) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("userId must be a string of 1..128 characters", detail);
    }

    [Theory]
    [InlineData("/v1/rank", """{"userId":"u1","candidates":["i1"],"explain":"yes"}""")]
    [InlineData("/v1/recommend", """{"userId":"u1","k":3,"explain":1}""")]
    public async Task An_explain_that_is_not_a_boolean_is_a_400_naming_it(string path, string body)
    {
        using var request = ApiTestHost.Authorized(HttpMethod.Post, path, Roles.Score);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var (status, detail) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("field 'explain' has the wrong type or format", detail);
    }

    [Fact]
    public async Task Registering_a_model_with_a_json_body_says_to_send_multipart()
    {
        using var request = ApiTestHost.Authorized(HttpMethod.Post, "/v1/models/ranker/versions", Roles.Admin);
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        var (status, detail) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("send multipart/form-data", detail);
    }

    private async Task<(HttpStatusCode Status, string? Detail)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _host.Client.SendAsync(request);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
    }
}
