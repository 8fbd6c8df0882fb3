using OrleansRecsys.Kafka;

namespace OrleansRecsys.Cli;

/// <summary>
/// Reads librdkafka settings for a secured cluster from a properties file (<c>key=value</c> lines, <c>#</c> comments),
/// the format kcat and the Java clients use, so passwords stay out of the command line and shell history.
/// Errors name the file and line, never a value.
/// </summary>
internal static class KafkaConfigFile
{
    public static Dictionary<string, string> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--kafka-config: {path} does not exist");
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--kafka-config: {path} line {lineNumber} is not key=value");
            }

            var key = line[..eq].Trim();
            if (!properties.TryAdd(key, line[(eq + 1)..].Trim()))
            {
                throw new UsageException($"--kafka-config: {path} line {lineNumber} sets {key} twice");
            }
        }

        return KafkaProperties.Problem(properties, path) is { } problem
            ? throw new UsageException("--kafka-config: " + problem)
            : properties;
    }
}
