using Microsoft.Extensions.Options;
using OrleansRecsys.Grains.Retraining;

namespace OrleansRecsys.Grains.Tests.Retraining;

/// <summary>Policy limits, shared by the configuration (which names the key) and the API (which names the JSON field).</summary>
public sealed class RetrainingPolicyTests
{
    [Fact]
    public void The_default_policy_is_valid()
    {
        Assert.Null(RetrainingPolicyRules.Validate(new RetrainingPolicy()));
    }

    [Theory]
    [InlineData("canaryPercent")]
    [InlineData("performanceRecentSeconds")]
    [InlineData("driftPsi")]
    public void A_field_out_of_range_is_named(string field)
    {
        var policy = field switch
        {
            "canaryPercent" => new RetrainingPolicy(CanaryPercent: 60),
            "performanceRecentSeconds" => new RetrainingPolicy(PerformanceWindowSeconds: 100, PerformanceRecentSeconds: 100),
            _ => new RetrainingPolicy(DriftPsi: double.NaN),
        };

        Assert.Equal(field, RetrainingPolicyRules.Validate(policy)?.Field);
    }

    [Fact]
    public void A_bad_configured_policy_fails_naming_its_key()
    {
        var options = new RetrainingOptions { Models = { ["ranker"] = new RetrainingPolicyOptions { SoakSeconds = 0 } } };

        var result = new RetrainingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith("Recsys:Retraining:Models:ranker:SoakSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_policy_for_a_name_no_model_can_have_fails()
    {
        var options = new RetrainingOptions { Models = { ["Bad Name"] = new RetrainingPolicyOptions() } };

        Assert.True(new RetrainingOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Configured_options_bind_to_the_same_defaults_as_the_wire_policy()
    {
        Assert.Equal(new RetrainingPolicy(), new RetrainingPolicyOptions().ToPolicy());
        Assert.IsType<ValidateOptionsResult>(new RetrainingOptionsValidator().Validate(null, new RetrainingOptions()));
    }
}
