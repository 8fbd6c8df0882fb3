using System.Globalization;

namespace OrleansRecsys.Benchmarks;

/// <summary>The samples of one load-generator step as a file: one request a line, <c>sentMs,latencyMs,outcome</c>.</summary>
internal static class LoadGeneratorSamples
{
    public static void Write(string path, IReadOnlyList<OutcomeRecorder.Sample> samples)
    {
        using var writer = new StreamWriter(path);
        foreach (var sample in samples)
        {
            writer.Write(sample.SentMs.ToString("F3", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(sample.LatencyMs.ToString("F3", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.WriteLine(sample.Outcome);
        }
    }

    public static IReadOnlyList<OutcomeRecorder.Sample> Read(string path)
    {
        var samples = new List<OutcomeRecorder.Sample>();
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal); // one string per outcome, not per line
        foreach (var line in File.ReadLines(path))
        {
            var first = line.IndexOf(',');
            var second = line.IndexOf(',', first + 1);
            var outcome = line[(second + 1)..];
            if (!outcomes.TryGetValue(outcome, out var shared))
            {
                outcomes[outcome] = shared = outcome;
            }

            samples.Add(new OutcomeRecorder.Sample(double.Parse(line.AsSpan(0, first), CultureInfo.InvariantCulture),
                double.Parse(line.AsSpan(first + 1, second - first - 1), CultureInfo.InvariantCulture), shared));
        }

        return samples;
    }
}
