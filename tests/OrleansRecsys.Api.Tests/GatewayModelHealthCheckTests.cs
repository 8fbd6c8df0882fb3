using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansRecsys.Api.Tests;

public sealed class GatewayModelHealthCheckTests
{
    [Fact]
    public async Task A_grid_that_never_answers_reads_as_unhealthy_within_the_probe_wait_not_after_the_response_timeout()
    {
        var check = new GatewayModelHealthCheck(CoordinatorGrid.Answering(new TaskCompletionSource<RolloutPlan?>().Task));

        var result = await check.CheckHealthAsync(new HealthCheckContext()).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("did not answer", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_silo_reads_as_unhealthy_with_the_cause_instead_of_an_exception()
    {
        var check = new GatewayModelHealthCheck(CoordinatorGrid.Answering(Task.FromException<RolloutPlan?>(new SiloUnavailableException("declared dead"))));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(nameof(SiloUnavailableException), result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_without_a_stable_version_is_named()
    {
        var check = new GatewayModelHealthCheck(CoordinatorGrid.Answering(Task.FromResult<RolloutPlan?>(null)));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("has no stable version", result.Description, StringComparison.Ordinal);
    }

    /// <summary>An <see cref="IGrainFactory"/> whose rollout coordinators answer <c>GetPlanAsync</c> with a given task.</summary>
    private class CoordinatorGrid : DispatchProxy
    {
        private Task<RolloutPlan?> _plan = null!;

        public static IGrainFactory Answering(Task<RolloutPlan?> plan)
        {
            var factory = Create<IGrainFactory, CoordinatorGrid>();
            ((CoordinatorGrid)(object)factory)._plan = plan;
            return factory;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.ReturnType == typeof(IRolloutCoordinatorGrain))
            {
                var coordinator = Create<IRolloutCoordinatorGrain, CoordinatorGrid>();
                ((CoordinatorGrid)(object)coordinator)._plan = _plan;
                return coordinator;
            }

            if (targetMethod?.Name == nameof(IRolloutCoordinatorGrain.GetPlanAsync))
            {
                return new ValueTask<RolloutPlan?>(_plan);
            }

            throw new InvalidOperationException($"{targetMethod?.Name} was not expected");
        }
    }
}
