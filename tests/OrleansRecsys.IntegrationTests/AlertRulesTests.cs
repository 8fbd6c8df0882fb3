using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// silo-config/prometheus/alerts.yml as Prometheus reads it: promtool checks the rules and runs alerts-test.yml, which
/// has series that fire each alert and series that do not; the compose stack's Prometheus loads the file.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly string Folder = Path.Combine(SiloProcess.RepoRoot(), "silo-config", "prometheus");

    [Fact]
    public async Task Promtool_accepts_the_rules()
    {
        var (exit, output) = await Promtool.RunAsync(Folder, "check", "rules", "alerts.yml");

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_alert_fires_on_its_test_series_and_stays_quiet_on_the_others()
    {
        var (exit, output) = await Promtool.RunAsync(Folder, "test", "rules", "alerts-test.yml");

        Assert.True(exit == 0, output);
        var rules = File.ReadAllText(Path.Combine(Folder, "alerts.yml"));
        var tests = File.ReadAllText(Path.Combine(Folder, "alerts-test.yml"));
        foreach (var alert in System.Text.RegularExpressions.Regex.Matches(rules, @"- alert: (\w+)").Select(m => m.Groups[1].Value))
        {
            Assert.Contains($"alertname: {alert}\n        exp_alerts:\n          - exp_labels", tests, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_compose_stack_mounts_the_rules_where_its_prometheus_configuration_loads_them()
    {
        var compose = File.ReadAllText(Path.Combine(SiloProcess.RepoRoot(), "docker-compose.yml"));
        var prometheus = File.ReadAllText(Path.Combine(Folder, "prometheus.yml"));

        Assert.Contains("./silo-config/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro", compose, StringComparison.Ordinal);
        Assert.Contains("rule_files:\n  - /etc/prometheus/alerts.yml", prometheus, StringComparison.Ordinal);
    }
}
