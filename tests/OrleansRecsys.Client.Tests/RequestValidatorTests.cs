namespace OrleansRecsys.Client.Tests;

public sealed class RequestValidatorTests
{
    [Fact]
    public void Valid_calls_pass()
    {
        RequestValidator.Rank("u1", ["i1", "i2"], 2, ModelNames.Default);
        RequestValidator.Recommend("u1", 10, ModelNames.Default, null);
        RequestValidator.Vectors("u1", ["i1"], "ranker-2");
        RequestValidator.Deadline(TimeSpan.FromMilliseconds(50), "deadline");
    }

    [Fact]
    public void A_bad_entry_names_its_index_in_the_message_and_the_list_as_the_parameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => RequestValidator.Rank("u1", ["i1", ""], 1, ModelNames.Default));

        Assert.Equal("candidates", ex.ParamName);
        Assert.StartsWith("candidates[1] must be a string of 1..128 characters", ex.Message);
    }

    [Fact]
    public void K_out_of_range_throws_argument_out_of_range_with_the_value()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RequestValidator.Recommend("u1", 201, ModelNames.Default, null));

        Assert.Equal("k", ex.ParamName);
        Assert.Equal(201, ex.ActualValue);
        Assert.StartsWith("k must be 1..200", ex.Message);
    }

    [Fact]
    public void A_bad_model_name_is_refused_like_the_http_api_refuses_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => RequestValidator.Vectors("u1", ["i1"], "Ranker"));

        Assert.Equal("model", ex.ParamName);
        Assert.StartsWith("model must match [a-z0-9][a-z0-9_.-]{0,63}", ex.Message);
    }

    [Fact]
    public void Too_many_exclusions_are_refused()
    {
        var exclude = Enumerable.Range(0, RequestLimits.MaxCandidates + 1).Select(i => "i" + i).ToArray();

        var ex = Assert.Throws<ArgumentException>(() => RequestValidator.Recommend("u1", 5, ModelNames.Default, exclude));

        Assert.Equal("exclude", ex.ParamName);
    }

    [Fact]
    public void Ids_are_1_to_128_characters()
    {
        RequestValidator.Id(new string('x', 128), "itemId");
        var ex = Assert.Throws<ArgumentException>(() => RequestValidator.Id(new string('x', 129), "itemId"));
        Assert.Equal("itemId", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Deadlines_are_1_ms_to_10_s(double milliseconds)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RequestValidator.Deadline(TimeSpan.FromMilliseconds(milliseconds), "deadline"));

        Assert.StartsWith("deadline must be 1 ms .. 10 s", ex.Message);
    }
}
