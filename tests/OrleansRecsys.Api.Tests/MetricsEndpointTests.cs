namespace OrleansRecsys.Api.Tests;

/// <summary>/metrics of the API as a gateway builds it, before any request: what a fresh process exports.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task The_role_is_the_service_name_of_target_info()
    {
        await using var host = await ApiTestHost.StartAsync();

        var text = await host.Client.GetStringAsync("/metrics");

        Assert.Matches($"(?m)^target_info{{.*service_name=\"{TelemetryServiceNames.Gateway}\".*service_namespace=\"{TelemetryServiceNames.Namespace}\"", text);
        Assert.DoesNotContain("unknown_service", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_fallbacks_are_exported_at_zero_for_every_reason_before_any_request()
    {
        await using var host = await ApiTestHost.StartAsync();

        var lines = (await host.Client.GetStringAsync("/metrics")).Split('\n');

        foreach (var reason in new[] { FallbackReasons.Deadline, FallbackReasons.SiloUnavailable })
        {
            Assert.Contains(lines, l => l.StartsWith("recsys_rank_caller_fallbacks_total{", StringComparison.Ordinal)
                && l.Contains($"reason=\"{reason}\"", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
        }
    }
}
