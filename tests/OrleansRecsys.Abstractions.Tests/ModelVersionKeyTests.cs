namespace OrleansRecsys.Abstractions.Tests;

public sealed class ModelVersionKeyTests
{
    [Fact]
    public void Formats_as_name_at_version_and_parses_back()
    {
        var key = new ModelVersionKey("ranker", "v1.2");

        Assert.Equal("ranker@v1.2", key.ToString());
        Assert.True(ModelVersionKey.TryParse(key.ToString(), out var parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ranker")]
    [InlineData("@v1")]
    [InlineData("ranker@")]
    public void Refuses_text_without_both_parts(string? text)
    {
        Assert.False(ModelVersionKey.TryParse(text, out var key));
        Assert.Equal(default, key);
    }

    [Fact]
    public void Keys_compare_by_value()
    {
        Assert.Equal(new ModelVersionKey("m", "v"), new ModelVersionKey(string.Concat("m", ""), new string('v', 1)));
        Assert.NotEqual(new ModelVersionKey("m", "v1"), new ModelVersionKey("m", "v2"));
    }
}
