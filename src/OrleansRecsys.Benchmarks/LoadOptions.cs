using System.Globalization;

namespace OrleansRecsys.Benchmarks;

/// <summary>A load-tool command's <c>--name value</c> options (a name with no value is a flag).</summary>
public sealed class LoadOptions(Dictionary<string, string> values)
{
    public static LoadOptions Parse(string[] args)
    {
        var parsed = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                parsed[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
        }

        return new LoadOptions(parsed);
    }

    public string Get(string key, string fallback) => values.TryGetValue(key, out var value) ? value : fallback;

    public double Num(string key, double fallback) => values.TryGetValue(key, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string key) => values.ContainsKey(key);
}
