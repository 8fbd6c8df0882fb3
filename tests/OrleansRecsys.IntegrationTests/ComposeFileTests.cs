using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The compose stack as docker-compose itself reads it (the test script installs Debian's docker-compose; no engine is
/// needed to validate): secrets have no defaults and published ports stay on the loopback address.
/// </summary>
public sealed partial class ComposeFileTests
{
    /// <summary>The variables the stack requires: its secrets, and the folder of its TLS material.</summary>
    private static readonly string[] Secrets = ["RECSYS_SIGNING_KEY", "RECSYS_REQUEST_ID_KEY", "RECSYS_STATE_KEY", "RECSYS_PSEUDONYM_KEY", "RECSYS_GRAIN_KEY_PSEUDONYM_KEY", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "RECSYS_TLS_DIR"];

    [Fact]
    public async Task The_file_validates_and_every_published_port_binds_to_loopback()
    {
        var (exit, output, error) = await ComposeConfigAsync(Secrets);

        Assert.True(exit == 0, $"docker-compose config failed: {error}");
        var published = PublishedPort().Matches(output).Select(m => m.Groups["address"].Value).ToArray();
        Assert.Equal(5, published.Length); // gateway (HTTP and gRPC), prometheus, grafana, the jaeger UI
        Assert.All(published, address => Assert.Equal("127.0.0.1", address));
    }

    [Fact]
    public async Task The_gateway_serves_grpc_on_5081_and_publishes_that_port_on_loopback()
    {
        var (exit, output, error) = await ComposeConfigAsync(Secrets);

        Assert.True(exit == 0, $"docker-compose config failed: {error}");
        Assert.Single(Regex.Matches(output, @"RECSYS__HOST__GRPCURL: '?http://0\.0\.0\.0:5081'?")); // the gateway only: silos are not published
        Assert.Matches(@"- 127\.0\.0\.1:5081:5081/tcp", output);
    }

    [Fact]
    public async Task The_silos_and_the_gateway_send_their_traces_to_jaeger_over_otlp()
    {
        var (exit, output, error) = await ComposeConfigAsync(Secrets);

        Assert.True(exit == 0, $"docker-compose config failed: {error}");
        Assert.Equal(2, Regex.Matches(output, @"OTEL_EXPORTER_OTLP_ENDPOINT: '?http://jaeger:4317'?").Count); // silo and gateway
        Assert.Contains("jaegertracing/all-in-one", output, StringComparison.Ordinal);
    }

    /// <summary>A Kafka broker answers a JoinGroup whose session timeout is under its <c>group.min.session.timeout.ms</c>
    /// (6 s unless configured) with "invalid session timeout", and the consumer never joins: the silos would ingest
    /// nothing and never report ready.</summary>
    [Fact]
    public async Task The_broker_accepts_the_consumer_session_timeout_the_silos_ask_for()
    {
        var (exit, output, error) = await ComposeConfigAsync(Secrets);

        Assert.True(exit == 0, $"docker-compose config failed: {error}");
        var minimum = BrokerMinimumSessionTimeout().Match(output) is { Success: true } set
            ? int.Parse(set.Groups["ms"].Value, CultureInfo.InvariantCulture)
            : KafkaDefaultMinimumSessionTimeoutMs;
        var asked = ClusterProfileSessionTimeoutMs();
        Assert.True(minimum <= asked, $"the broker's group.min.session.timeout.ms ({minimum}) is above the silos' session timeout ({asked})");
    }

    [Theory]
    [InlineData("RECSYS_SIGNING_KEY")]
    [InlineData("RECSYS_REQUEST_ID_KEY")]
    [InlineData("RECSYS_STATE_KEY")]
    [InlineData("RECSYS_PSEUDONYM_KEY")]
    [InlineData("RECSYS_GRAIN_KEY_PSEUDONYM_KEY")]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("GRAFANA_ADMIN_PASSWORD")]
    [InlineData("RECSYS_TLS_DIR")]
    public async Task Without_a_secret_the_stack_refuses_to_start_and_names_it(string missing)
    {
        var (exit, _, error) = await ComposeConfigAsync(Secrets.Where(s => s != missing));

        Assert.NotEqual(0, exit);
        Assert.Contains("set " + missing, error, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>docker-compose config</c> over the repository's file with only the given secrets set.</summary>
    private static async Task<(int Exit, string Output, string Error)> ComposeConfigAsync(IEnumerable<string> secrets)
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(SiloProcess.RepoRoot(), "docker-compose.yml"), "-p", "recsys-test", "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in Secrets.Append("RECSYS_PUBLISH_ADDRESS"))
        {
            start.Environment.Remove(name);
        }

        foreach (var name in secrets)
        {
            // The TLS folder is a bind mount: an absolute path, which compose would otherwise take for a volume name.
            start.Environment[name] = name == "RECSYS_TLS_DIR" ? "/run/recsys-test-tls" : "test-" + name.ToLowerInvariant() + "-0123456789abcdef0123456789abcdef";
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start (run the tests through scripts/test.sh, which installs it)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary><c>group.min.session.timeout.ms</c> of a Kafka broker that does not set it.</summary>
    private const int KafkaDefaultMinimumSessionTimeoutMs = 6000;

    /// <summary><c>Recsys:Kafka:SessionTimeoutMs</c> of the cluster profile the stack's silos run.</summary>
    private static int ClusterProfileSessionTimeoutMs()
    {
        using var profile = JsonDocument.Parse(File.ReadAllText(Path.Combine(SiloProcess.RepoRoot(), "silo-config", "cluster.json")));
        return profile.RootElement.GetProperty("Recsys").GetProperty("Kafka").GetProperty("SessionTimeoutMs").GetInt32();
    }

    [GeneratedRegex(@"KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: '?(?<ms>\d+)'?")]
    private static partial Regex BrokerMinimumSessionTimeout();

    /// <summary>A published port in docker-compose v1's normalised output: <c>- 127.0.0.1:5080:5080/tcp</c>.</summary>
    [GeneratedRegex(@"^\s*- (?:(?<address>[0-9a-fA-F.:\[\]]+):)?\d+:\d+/(?:tcp|udp)\s*$", RegexOptions.Multiline)]
    private static partial Regex PublishedPort();
}
