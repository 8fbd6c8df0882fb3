using Microsoft.Extensions.Configuration;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

public sealed class TracingOptionsTests
{
    private static bool IsOn(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var options = configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new TracingOptions();
        return options.IsOn(configuration);
    }

    [Fact]
    public void Tracing_is_off_unless_enabled_or_a_standard_otlp_endpoint_is_set()
    {
        Assert.False(IsOn());
        Assert.True(IsOn(("Recsys:Tracing:Enabled", "true")));
        Assert.True(IsOn(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4317")));
        Assert.True(IsOn(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://jaeger:4318/v1/traces")));
    }

    [Fact]
    public void An_explicit_off_or_the_standard_sdk_switch_wins_over_an_endpoint()
    {
        Assert.False(IsOn(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4317"), ("Recsys:Tracing:Enabled", "false")));
        Assert.False(IsOn(("Recsys:Tracing:Enabled", "true"), ("OTEL_SDK_DISABLED", "true")));
    }
}
