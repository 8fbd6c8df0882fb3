namespace OrleansRecsys.Cli.Tests;

/// <summary><c>--kafka-config</c>: librdkafka settings from a properties file, with errors that never show a value.</summary>
public sealed class KafkaConfigFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Reads_key_value_lines_and_skips_comments_and_blanks()
    {
        File.WriteAllText(_path, "# secured cluster\n\nsecurity.protocol = SASL_SSL\nsasl.password=a=b\n");
        var properties = KafkaConfigFile.Read(_path);
        Assert.Equal(2, properties.Count);
        Assert.Equal("SASL_SSL", properties["security.protocol"]);
        Assert.Equal("a=b", properties["sasl.password"]);
    }

    [Fact]
    public void A_line_without_a_key_is_named_by_number_without_its_text()
    {
        File.WriteAllText(_path, "security.protocol=SSL\nhunter2\n");
        var error = Assert.Throws<UsageException>(() => KafkaConfigFile.Read(_path));
        Assert.Contains("line 2", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public async Task Export_training_refuses_a_grid_owned_key_before_connecting()
    {
        File.WriteAllText(_path, "group.id=someone-elses\nsasl.password=hunter2\n");
        var run = await Run.Offline("export-training", "--kafka", "127.0.0.1:1", "--out", _path + ".jsonl", "--kafka-config", _path);
        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.Contains("group.id", run.Error);
        Assert.DoesNotContain("hunter2", run.Error + run.Out);
    }
}
