using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansRecsys.Training;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class ContextFeatureTests(GridFixture grid)
{
    internal const string Model = "ctxranker";

    /// <summary>score = sqrt(1 + ui_category_matches_page): an item of the page's category ranks first.</summary>
    private static readonly string[] Features = ["user_clicks_total", "ctx_hour", "ui_category_matches_page"];

    private static readonly object Context = new { ctx_hour = 14, ctx_page_category = "shoes", ctx_device = "mobile" };

    [Fact]
    public async Task Context_features_reach_the_vectors_the_ranking_the_prediction_log_and_the_export()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        await RegisterAsync(admin, "c1");
        await UpsertItemsAsync(admin);

        var vectors = "";
        await TestInfra.WaitUntil(async () => (vectors = await VectorsAsync(admin)) == "ctx-i2:0,14,0|ctx-i1:0,14,1", TimeSpan.FromSeconds(30),
            () => "vectors with the request's hour and the page match; last: " + vectors);
        var rank = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "ctx-u1", model = Model, candidates = new[] { "ctx-i2", "ctx-i1" }, context = Context })).Json();
        Assert.False(rank.GetProperty("fallback").GetBoolean());
        Assert.Equal("ctx-i1", rank.GetProperty("items")[0].GetProperty("itemId").GetString());

        var row = await ExportedRowAsync(rank.GetProperty("requestId").GetString()!, "ctx-i1");
        Assert.Equal("shoes", row.GetProperty("context").GetProperty("ctx_page_category").GetString());
        Assert.Equal("mobile", row.GetProperty("context").GetProperty("ctx_device").GetString());
        Assert.Equal(14, row.GetProperty("context").GetProperty("ctx_hour").GetDouble());
        Assert.Equal([0f, 14f, 1f], row.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray());
    }

    [Theory]
    [InlineData("/v1/rank", """{"ctx_weather":"rain"}""", "context.ctx_weather")]
    [InlineData("/v1/rank", """{"ctx_hour":"14"}""", "context.ctx_hour")]
    [InlineData("/v1/rank", """{"ctx_device":7}""", "context.ctx_device")]
    [InlineData("/v1/rank", """{"ctx_device":true}""", "context.ctx_device")]
    [InlineData("/v1/recommend", """{"ctx_weather":"rain"}""", "context.ctx_weather")]
    [InlineData("/v1/features/vectors", """{"ctx_hour":[1]}""", "context.ctx_hour")]
    public async Task A_context_entry_the_catalogue_does_not_declare_or_of_the_wrong_type_is_a_400_naming_it(string route, string context, string field)
    {
        using var admin = grid.Host.Http(Roles.Admin);
        await RegisterAsync(admin, "c1");
        var body = $$"""{"userId":"ctx-u2","model":"{{Model}}","candidates":["ctx-i1"],"itemIds":["ctx-i1"],"k":1,"context":{{context}}}""";

        var response = await admin.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_context_with_too_many_entries_or_a_too_long_string_is_a_400()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var many = Enumerable.Range(0, RequestLimits.MaxContextEntries + 1).ToDictionary(i => "k" + i, i => (object)i);
        var tooMany = await admin.PostAsJsonAsync("/v1/rank", new { userId = "ctx-u2", candidates = new[] { "ctx-i1" }, context = many });
        var tooLong = await admin.PostAsJsonAsync("/v1/rank",
            new { userId = "ctx-u2", candidates = new[] { "ctx-i1" }, context = new { ctx_device = new string('m', RequestLimits.MaxContextTextLength + 1) } });

        Assert.Equal("context", (await tooMany.Json()).GetProperty("field").GetString());
        Assert.Equal("context.ctx_device", (await tooLong.Json()).GetProperty("field").GetString());
    }

    /// <summary>Registers the context ranker once (a second registration of the same version is a 409, which is fine here).</summary>
    internal static async Task RegisterAsync(HttpClient admin, string version)
    {
        var template = TestModels.Ranker(version, Model).Manifest;
        var onnx = Inference.Tests.OnnxGraph.SqrtOfOffsetMinusLinear([0, 0, -1], 1, input: template.InputName, output: template.OutputName);
        var manifest = template with
        {
            Features = Features,
            FeatureDefaults = null, // the template's defaults name its own features, which this model does not read
            Sha256 = Inference.ModelStore.Sha256Hex(onnx),
            ReferenceHistograms = [],
            ScoreHistogram = null,
        };
        var response = await admin.PostAsync($"/v1/models/{Model}/versions", TestModels.Upload(onnx, manifest));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    internal static async Task UpsertItemsAsync(HttpClient admin)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var items = new[] { new { itemId = "ctx-i1", category = "shoes", price = 10.0, ts }, new { itemId = "ctx-i2", category = "garden", price = 10.0, ts } };
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/items", items)).StatusCode);
    }

    /// <summary>The vectors the model would score for both items with the test's context, as "item:values|item:values".</summary>
    private static async Task<string> VectorsAsync(HttpClient admin)
    {
        var response = await admin.PostAsJsonAsync("/v1/features/vectors", new { userId = "ctx-u1", model = Model, itemIds = new[] { "ctx-i2", "ctx-i1" }, context = Context });
        var body = await response.Json();
        return response.StatusCode != HttpStatusCode.OK ? body.ToString() : string.Join("|", body.GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("itemId").GetString() + ":" + string.Join(",", r.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()))));
    }

    /// <summary>The training export's row for one scored item of one logged response.</summary>
    private async Task<JsonElement> ExportedRowAsync(string requestId, string itemId)
    {
        var file = Path.Combine(grid.ModelStore, "ctx-export.jsonl");
        JsonElement? found = null;
        await TestInfra.WaitUntil(async () =>
        {
            await TrainingDataExporter.ExportAsync(new TrainingDataExporter.Options(grid.Kafka, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), file, Model));
            found = File.ReadLines(file).Select(line => JsonDocument.Parse(line).RootElement)
                .FirstOrDefault(r => r.GetProperty("requestId").GetString() == requestId && r.GetProperty("itemId").GetString() == itemId);
            return found?.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30), "the logged prediction in the export");
        return found!.Value;
    }
}
