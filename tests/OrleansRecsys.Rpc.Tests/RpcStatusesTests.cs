using Google.Rpc;
using Grpc.Core;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc.Tests;

public sealed class RpcStatusesTests
{
    [Fact]
    public void A_broken_rule_is_invalid_argument_with_a_bad_request_naming_the_field()
    {
        var failure = ServingFailure.Invalid(new RuleViolation("candidates[3]", "candidates[3] must be a string of 1..128 characters"));

        var error = RpcStatuses.ToException(failure);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(failure.Message, error.Status.Detail);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("candidates[3]", violation.Field);
    }

    [Fact]
    public void A_model_never_registered_is_not_found_with_the_model_as_the_resource()
    {
        var error = RpcStatuses.ToException(ServingFailure.UnknownModel("rankr"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var resource = error.GetRpcStatus()!.GetDetail<ResourceInfo>()!;
        Assert.Equal((RpcStatuses.ModelResource, "rankr"), (resource.ResourceType, resource.ResourceName));
    }

    [Fact]
    public void A_model_without_a_servable_version_is_a_failed_precondition()
    {
        var error = RpcStatuses.ToException(ServingFailure.NotServable("ranker"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("ranker", error.Status.Detail);
    }

    [Fact]
    public void An_answer_passes_through_unchanged()
    {
        var answer = new FeatureSnapshot("u1", 0, null, [], [], [], []);

        Assert.Same(answer, RpcStatuses.AnswerOrThrow<FeatureSnapshot>(answer));
    }
}
