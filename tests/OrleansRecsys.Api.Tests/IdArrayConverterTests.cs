using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>Id arrays in request bodies: the same values as the default reader gives, with known ids reused.</summary>
public sealed class IdArrayConverterTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new IdArrayConverter() } };

    private sealed record Body(string[]? Candidates);

    [Fact]
    public void An_array_of_more_ids_than_the_first_buffer_holds_is_read_whole_and_in_order()
    {
        var ids = Enumerable.Range(0, 150).Select(i => "conv-i" + i).ToArray();

        var body = JsonSerializer.Deserialize<Body>(JsonSerializer.Serialize(new { candidates = ids }), Options)!;

        Assert.Equal(ids, body.Candidates);
    }

    [Fact]
    public void An_id_read_before_comes_back_as_the_same_string()
    {
        var first = JsonSerializer.Deserialize<Body>("""{"candidates":["conv-same","conv-other"]}""", Options)!;
        var second = JsonSerializer.Deserialize<Body>("""{"candidates":["conv-other","conv-same"]}""", Options)!;

        Assert.Same(first.Candidates![0], second.Candidates![1]);
        Assert.Same(first.Candidates[1], second.Candidates[0]);
    }

    [Fact]
    public void Nulls_are_kept_for_the_rules_to_name_and_escapes_are_decoded()
    {
        var body = JsonSerializer.Deserialize<Body>("""{"candidates":["a\u0062c",null]}""", Options)!;

        Assert.Equal(2, body.Candidates!.Length);
        Assert.Equal("abc", body.Candidates[0]);
        Assert.Null(body.Candidates[1]);
    }

    [Theory]
    [InlineData("""{"candidates":"i1"}""")]
    [InlineData("""{"candidates":[1]}""")]
    [InlineData("""{"candidates":[["i1"]]}""")]
    public void Anything_but_an_array_of_strings_is_a_json_error(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Body>(json, Options));
    }

    [Fact]
    public void A_missing_or_null_array_stays_null()
    {
        Assert.Null(JsonSerializer.Deserialize<Body>("""{"candidates":null}""", Options)!.Candidates);
        Assert.Null(JsonSerializer.Deserialize<Body>("{}", Options)!.Candidates);
    }
}
