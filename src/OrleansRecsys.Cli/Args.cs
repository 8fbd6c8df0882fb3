using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary>
/// Hand-written argument parsing: positionals, <c>--name value</c>, <c>--name=value</c> and the boolean flags in
/// <see cref="Flags"/>. A token after <c>--</c> is always positional. Bad input throws <see cref="UsageException"/>.
/// </summary>
internal sealed class Args
{
    /// <summary>Options that take no value.</summary>
    public static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "json", "help", "include-pinned", "wait", "explain", "recommend" };

    /// <summary>Options every command accepts.</summary>
    public static readonly string[] Global = ["endpoint", "token", "token-file", "ca-file", "json", "help"];

    private readonly List<string> _positionals = [];
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals => _positionals;

    public static Args Parse(IReadOnlyList<string> argv)
    {
        var args = new Args();
        var onlyPositionals = false;
        for (var i = 0; i < argv.Count; i++)
        {
            var a = argv[i];
            if (onlyPositionals || !a.StartsWith("--", StringComparison.Ordinal))
            {
                args._positionals.Add(a);
                continue;
            }

            if (a == "--")
            {
                onlyPositionals = true;
                continue;
            }

            var name = a[2..];
            string value;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (Flags.Contains(name))
            {
                value = "true";
            }
            else if (i + 1 < argv.Count && !argv[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = argv[++i];
            }
            else
            {
                throw new UsageException($"option --{name} needs a value");
            }

            if (name.Length == 0 || !args._options.TryAdd(name, value))
            {
                throw new UsageException(name.Length == 0 ? $"bad option '{a}'" : $"option --{name} is given twice");
            }
        }

        return args;
    }

    /// <summary>Fails on any option that is neither global nor in <paramref name="allowed"/> (catches typos).</summary>
    public void Allow(params string[] allowed)
    {
        foreach (var name in _options.Keys)
        {
            if (Array.IndexOf(Global, name) < 0 && Array.IndexOf(allowed, name) < 0)
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public bool Flag(string name) => _options.TryGetValue(name, out var v) && v is not ("false" or "0");

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) =>
        Option(name) is { Length: > 0 } v ? v : throw new UsageException($"option --{name} is required");

    /// <summary>The positional at <paramref name="index"/> (0 is the command group).</summary>
    public string Positional(int index, string what) =>
        index < _positionals.Count ? _positionals[index] : throw new UsageException($"{what} is missing");

    /// <summary>Fails when more than <paramref name="count"/> positionals are given.</summary>
    public void MaxPositionals(int count)
    {
        if (_positionals.Count > count)
        {
            throw new UsageException($"unexpected argument '{_positionals[count]}'");
        }
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (Option(name) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new UsageException($"--{name} must be an integer in {min}..{max} (got '{text}')");
    }

    public long? Long(string name, long min) =>
        Option(name) is not { } text ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min ? v
        : throw new UsageException($"--{name} must be an integer ≥ {min} (got '{text}')");

    public double? Double(string name, double min, double max) =>
        Option(name) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v
        : throw new UsageException($"--{name} must be a number in {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)} (got '{text}')");

    public decimal? Decimal(string name, decimal min, decimal max) =>
        Option(name) is not { } text ? null
        : decimal.TryParse(text.TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v
        : throw new UsageException($"--{name} must be a number in {min}..{max} (got '{text}')");

    /// <summary>A comma-separated list; empty entries are dropped.</summary>
    public string[]? List(string name) =>
        Option(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
