using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// The registration body is read part by part as it streams in. These cases are answered before any model byte goes to
/// the grid (the host's grain factory fails every call): a refused or missing part is a 4xx naming it.
/// </summary>
public sealed class ModelUploadReaderTests : IAsyncLifetime
{
    private ApiTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_body_without_a_model_part_is_a_400_naming_the_part()
    {
        using var form = new MultipartFormDataContent { { new StringContent("""{"name":"ranker","version":"v1","features":["item_price"]}"""), "manifest" } };

        var (status, problem) = await PostAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("model", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_manifest_over_1_MiB_is_a_413()
    {
        using var form = new MultipartFormDataContent { { new StringContent(new string(' ', (1 << 20) + 1)), "manifest", "manifest.json" } };

        var (status, problem) = await PostAsync(form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("manifest is larger than 1 MiB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task After_an_invalid_manifest_the_model_part_is_read_but_not_uploaded_and_the_answer_is_422()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("not json"), "manifest", "manifest.json" },
            { new ByteArrayContent(new byte[3 << 20]), "model", "model.onnx" },
        };

        var (status, problem) = await PostAsync(form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Invalid manifest", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_despite_its_content_type_is_a_400()
    {
        using var body = new StringContent("no boundary in here", Encoding.UTF8);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");

        var (status, problem) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("the multipart body is malformed", problem.GetProperty("detail").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(HttpContent content)
    {
        using var request = ApiTestHost.Authorized(HttpMethod.Post, "/v1/models/ranker/versions", Roles.Admin);
        request.Content = content;
        using var response = await _host.Client.SendAsync(request);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, problem.RootElement.Clone());
    }
}
