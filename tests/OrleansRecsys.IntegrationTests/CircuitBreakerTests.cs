using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.Resilience;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A model version that keeps failing opens its circuit in the serving silo: its requests are then answered by the
/// popularity baseline at once with <c>circuit_open</c>, without calling the model, and once the break is over a good
/// request closes it again. The model is a real ONNX graph that yields NaN (a model error) for items priced above 1e7.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class CircuitBreakerTests(GridFixture grid)
{
    private const string Model = "tripping";

    [Fact]
    public async Task A_failing_model_trips_its_circuit_then_traffic_falls_back_with_circuit_open_and_recovers_after_a_good_probe()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        await ServingTests.RegisterFragileAsync(admin, Model, "v1");
        await ServingTests.UpsertItemsAsync(admin, grid.Host.Grains, ("cb-cheap", 10), ("cb-huge", 2e7));
        var options = grid.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ModelCircuitOptions>>().Value;
        var breakers = grid.Host.Services.GetRequiredService<ModelCircuitBreakers>();
        Assert.Null((await RankAsync(admin, "cb-cheap")).Reason);

        // Each failure is a model_error until enough of them open the circuit (the good request above counts in the window).
        for (var i = 0; i < options.MinimumThroughput && breakers.StateOf(Model, "v1") != ModelCircuitStates.Open; i++)
        {
            Assert.Equal(FallbackReasons.ModelError, (await RankAsync(admin, "cb-huge", "cb-cheap")).Reason);
        }

        Assert.Equal(ModelCircuitStates.Open, breakers.StateOf(Model, "v1"));
        // The very request that failed the model a moment ago now skips it: circuit_open, not model_error.
        var open = await RankAsync(admin, "cb-huge", "cb-cheap");
        Assert.Equal((true, FallbackReasons.CircuitOpen), (open.Fallback, open.Reason));

        // The model's report shows the share its open circuit answered (silos report every second).
        await TestInfra.WaitUntil(async () => (await (await admin.GetAsync($"/v1/models/{Model}/report")).Json()).GetProperty("variants")
            .EnumerateArray().Any(v => v.GetProperty("circuitOpenRate").GetDouble() > 0), TimeSpan.FromSeconds(10), "circuitOpenRate in the report");

        // Past the break, the next request probes the model; a good one closes the circuit.
        await TestInfra.WaitUntil(async () => (await RankAsync(admin, "cb-cheap")).Reason is null,
            TimeSpan.FromMilliseconds(options.BreakDurationMs * 4), "a good probe after the break");
        Assert.Equal(ModelCircuitStates.Closed, breakers.StateOf(Model, "v1"));
        Assert.False((await RankAsync(admin, "cb-cheap")).Fallback);
    }

    private static async Task<(bool Fallback, string? Reason)> RankAsync(HttpClient http, params string[] candidates)
    {
        var body = await (await http.PostAsJsonAsync("/v1/rank", new { userId = "cb-user", model = Model, candidates })).Json();
        var reason = body.GetProperty("fallbackReason");
        return (body.GetProperty("fallback").GetBoolean(), reason.ValueKind == System.Text.Json.JsonValueKind.Null ? null : reason.GetString());
    }
}
