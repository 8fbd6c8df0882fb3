using System.Text.RegularExpressions;

namespace OrleansRecsys.Client;

/// <summary>The input limits of the HTTP API (ids 1..128 chars, candidates 1..1000, k 1..200), applied before a grain call.</summary>
internal static partial class RequestValidator
{
    public const int MaxId = 128;
    public const int MaxCandidates = 1000;
    public const int MaxK = 200;
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromSeconds(10);

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static void Id(string? value, string paramName)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxId)
        {
            throw new ArgumentException($"{paramName} must be a string of 1..{MaxId} characters", paramName);
        }
    }

    public static void Ids(IReadOnlyList<string>? values, string paramName, int min, int max)
    {
        if (values is null || values.Count < min || values.Count > max)
        {
            throw new ArgumentException($"{paramName} must have {min}..{max} entries", paramName);
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrEmpty(values[i]) || values[i].Length > MaxId)
            {
                throw new ArgumentException($"{paramName}[{i}] must be a string of 1..{MaxId} characters", paramName);
            }
        }
    }

    public static void K(int k, string paramName)
    {
        if (k is < 1 or > MaxK)
        {
            throw new ArgumentOutOfRangeException(paramName, k, $"k must be 1..{MaxK}");
        }
    }

    public static void Model(string model, string paramName)
    {
        if (ModelError(model, paramName) is { } error)
        {
            throw new ArgumentException(error, paramName);
        }
    }

    public static void Deadline(TimeSpan deadline, string paramName)
    {
        if (DeadlineError(deadline, paramName) is { } error)
        {
            throw new ArgumentOutOfRangeException(paramName, deadline, error);
        }
    }

    public static string? ModelError(string? model, string name) =>
        model is not null && NamePattern().IsMatch(model) ? null : $"{name} must match [a-z0-9][a-z0-9_.-]{{0,63}}";

    public static string? DeadlineError(TimeSpan deadline, string name) =>
        deadline >= TimeSpan.FromMilliseconds(1) && deadline <= MaxDeadline ? null : $"{name} must be 1 ms .. {MaxDeadline.TotalSeconds:0} s";
}
