namespace OrleansRecsys.Client;

/// <summary>
/// The shared request rules (<see cref="RequestRules"/>) as argument exceptions, applied before a grain call so the
/// typed client refuses exactly what the HTTP API refuses, with the same messages.
/// </summary>
internal static class RequestValidator
{
    public static readonly TimeSpan MinDeadline = TimeSpan.FromMilliseconds(RequestLimits.MinDeadlineMs);
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromMilliseconds(RequestLimits.MaxDeadlineMs);

    public static void Rank(string userId, IReadOnlyList<string> candidates, int k, string model) =>
        ThrowIfBroken(RequestRules.Rank(userId, candidates, k, model, deadlineMs: null), k);

    public static void Recommend(string userId, int k, string model, IReadOnlyList<string>? exclude) =>
        ThrowIfBroken(RequestRules.Recommend(userId, k, model, exclude, deadlineMs: null), k);

    public static void Vectors(string userId, IReadOnlyList<string> itemIds, string model) =>
        ThrowIfBroken(RequestRules.Vectors(userId, itemIds, model), k: 0);

    /// <summary>The context's shape (entry count, key and text lengths, finite numbers); the silo checks its keys against the catalogue.</summary>
    public static void Context(ServingContext? context) => ThrowIfBroken(RequestRules.Context(context), k: 0);

    public static void Id(string? value, string paramName) => ThrowIfBroken(RequestRules.Id(value, paramName), k: 0);

    public static void Deadline(TimeSpan deadline, string paramName)
    {
        if (DeadlineError(deadline, paramName) is { } error)
        {
            throw new ArgumentOutOfRangeException(paramName, deadline, error);
        }
    }

    /// <summary>The client takes deadlines as <see cref="TimeSpan"/>s, so it checks them here rather than in milliseconds.</summary>
    public static string? DeadlineError(TimeSpan deadline, string name) =>
        deadline >= MinDeadline && deadline <= MaxDeadline
            ? null
            : $"{name} must be {MinDeadline.TotalMilliseconds:0} ms .. {MaxDeadline.TotalSeconds:0} s";

    private static void ThrowIfBroken(RuleViolation? violation, int k)
    {
        if (violation is not { } broken)
        {
            return;
        }

        // "candidates[3]" names the entry in the message; the parameter is "candidates".
        var bracket = broken.Field.IndexOf('[');
        var paramName = bracket < 0 ? broken.Field : broken.Field[..bracket];
        if (paramName == "k")
        {
            throw new ArgumentOutOfRangeException(paramName, k, broken.Message);
        }

        throw new ArgumentException(broken.Message, paramName);
    }
}
