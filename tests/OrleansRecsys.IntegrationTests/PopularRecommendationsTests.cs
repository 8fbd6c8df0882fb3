using System.Net;
using System.Text.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The anonymous form of GET /v1/recommendations: popular items overall or of one category, from the cached lists, in
/// the popularity grains' order. The batch grid holds 12 items, six "bt-books" (bt-0..bt-5) and six "bt-games".
/// </summary>
public sealed class PopularRecommendationsTests(BatchGridFixture grid) : IClassFixture<BatchGridFixture>
{
    private static readonly string[] Books = ["bt-0", "bt-1", "bt-2", "bt-3", "bt-4", "bt-5"];

    [Fact]
    public async Task Without_a_user_the_answer_is_the_global_popular_list()
    {
        using var scorer = grid.Host.Http(Roles.Score);

        var answer = await (await scorer.GetAsync("/v1/recommendations?k=5")).Json();

        Assert.Equal(PopularityKeys.Global, answer.GetProperty("segment").GetString());
        var top = await grid.Host.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Global).TopAsync(5);
        Assert.Equal(top.Select(e => e.ItemId), ItemIds(answer));
    }

    [Fact]
    public async Task A_category_answers_with_that_category_s_popular_items_only()
    {
        using var scorer = grid.Host.Http(Roles.Score);

        var answer = await (await scorer.GetAsync("/v1/recommendations?category=bt-books&k=20")).Json();

        Assert.Equal(PopularityKeys.Category("bt-books"), answer.GetProperty("segment").GetString());
        Assert.Equal(Books, ItemIds(answer).Order());
        var top = await grid.Host.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Category("bt-books")).TopAsync(20);
        Assert.Equal(top.Select(e => e.ItemId), ItemIds(answer));
    }

    [Fact]
    public async Task A_cached_category_list_takes_up_items_that_became_popular_after_it_was_first_read()
    {
        using var scorer = grid.Host.Http(Roles.Score);
        var category = PopularityKeys.Category("bt-later");
        var popularity = grid.Host.Grains.GetGrain<IPopularityGrain>(category);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await popularity.UpdateAsync([new PopularityEntry("bt-later-1", 5, now)]);
        Assert.Equal(["bt-later-1"], ItemIds(await (await scorer.GetAsync("/v1/recommendations?category=bt-later")).Json()));

        await popularity.UpdateAsync([new PopularityEntry("bt-later-2", 50, now)]);

        string[] items = [];
        await TestInfra.WaitUntil(async () => (items = ItemIds(await (await scorer.GetAsync("/v1/recommendations?category=bt-later")).Json()))[0] == "bt-later-2",
            TimeSpan.FromSeconds(30), () => "the refreshed list to put bt-later-2 first: " + string.Join(",", items));
    }

    [Theory]
    [InlineData("?k=0", "k")]
    [InlineData("?k=many", "k")]
    [InlineData("?category=LONG", "category")]
    public async Task Bad_input_is_a_400_naming_the_field(string query, string field)
    {
        using var scorer = grid.Host.Http(Roles.Score);

        var response = await scorer.GetAsync("/v1/recommendations" + query.Replace("LONG", new string('c', RequestLimits.MaxIdLength + 1), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_anonymous_form_still_needs_a_scoring_token()
    {
        using var reader = grid.Host.Http(Roles.Read);
        using var nobody = grid.Host.Http();

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/v1/recommendations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/v1/recommendations")).StatusCode);
    }

    private static string[] ItemIds(JsonElement answer) =>
        [.. answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];
}
