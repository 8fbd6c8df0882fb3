namespace OrleansRecsys.Abstractions.Tests;

public sealed class RequestRulesTests
{
    private static readonly string[] OneCandidate = ["i1"];

    [Fact]
    public void A_valid_rank_request_breaks_no_rule()
    {
        Assert.Null(RequestRules.Rank("u1", OneCandidate, k: null, model: null, deadlineMs: null));
        Assert.Null(RequestRules.Rank("u1", OneCandidate, RequestLimits.MaxK, ModelNames.Default, RequestLimits.MaxDeadlineMs));
    }

    [Fact]
    public void The_first_broken_rule_is_reported_in_field_order()
    {
        var violation = RequestRules.Rank("", [], k: 0, model: "Bad Model", deadlineMs: 0);

        Assert.Equal(new RuleViolation("userId", "userId must be a string of 1..128 characters"), violation);
    }

    [Fact]
    public void A_bad_entry_is_named_with_its_index()
    {
        var violation = RequestRules.Rank("u1", ["i1", new string('x', RequestLimits.MaxIdLength + 1)], null, null, null);

        Assert.Equal(new RuleViolation("candidates[1]", "candidates[1] must be a string of 1..128 characters"), violation);
    }

    [Fact]
    public void Candidate_count_is_limited()
    {
        var tooMany = Enumerable.Range(0, RequestLimits.MaxCandidates + 1).Select(i => "i" + i).ToArray();

        Assert.Equal("candidates must have 1..1000 entries", RequestRules.Rank("u1", tooMany, null, null, null)?.Message);
        Assert.Equal("candidates", RequestRules.Rank("u1", [], null, null, null)?.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void K_out_of_range_is_refused(int k)
    {
        Assert.Equal(new RuleViolation("k", "k must be 1..200"), RequestRules.Rank("u1", OneCandidate, k, null, null));
    }

    [Fact]
    public void Recommend_requires_k_and_allows_an_empty_exclude_list()
    {
        Assert.Equal(new RuleViolation("k", "k is required (1..200)"), RequestRules.Recommend("u1", null, null, null, null));
        Assert.Null(RequestRules.Recommend("u1", 5, null, [], null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Deadline_out_of_range_is_refused(int deadlineMs)
    {
        Assert.Equal(new RuleViolation("deadlineMs", "deadlineMs must be 1..10000"), RequestRules.Rank("u1", OneCandidate, null, null, deadlineMs));
    }

    [Theory]
    [InlineData("Ranker")]
    [InlineData("-ranker")]
    [InlineData("a@b")]
    public void Model_names_follow_the_pattern(string model)
    {
        Assert.False(ModelNames.IsValid(model));
        Assert.Equal(new RuleViolation("model", "model must match [a-z0-9][a-z0-9_.-]{0,63}"), RequestRules.Vectors("u1", OneCandidate, model));
    }

    [Fact]
    public void A_model_name_is_at_most_64_characters()
    {
        Assert.True(ModelNames.IsValid(new string('m', 64)));
        Assert.False(ModelNames.IsValid(new string('m', 65)));
        Assert.True(ModelNames.IsValid(ModelNames.Default));
    }
}
