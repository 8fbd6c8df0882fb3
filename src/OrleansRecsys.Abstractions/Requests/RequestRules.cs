namespace OrleansRecsys;

/// <summary>
/// The input rules of rank, recommend and vectors requests, shared by every front door (HTTP, the .NET client) so
/// they refuse the same input with the same message. Each check answers with the first <see cref="RuleViolation"/>
/// in field order, or null when the input is acceptable. Fields are named as in the JSON API.
/// </summary>
public static class RequestRules
{
    /// <summary>POST /v1/rank: userId, candidates (1..1000), optional k (1..200), model and deadlineMs.</summary>
    public static RuleViolation? Rank(string? userId, IReadOnlyList<string>? candidates, int? k, string? model, int? deadlineMs) =>
        Id(userId, "userId") ?? Ids(candidates, "candidates", 1, RequestLimits.MaxCandidates) ?? K(k) ?? Model(model) ?? DeadlineMs(deadlineMs);

    /// <summary>POST /v1/recommend: userId, k (required, 1..200), optional model, exclude (0..1000) and deadlineMs.</summary>
    public static RuleViolation? Recommend(string? userId, int? k, string? model, IReadOnlyList<string>? exclude, int? deadlineMs) =>
        Id(userId, "userId") ?? RequiredK(k) ?? Model(model)
        ?? (exclude is null ? null : Ids(exclude, "exclude", 0, RequestLimits.MaxCandidates)) ?? DeadlineMs(deadlineMs);

    /// <summary>POST /v1/features/vectors: userId, itemIds (1..1000), optional model.</summary>
    public static RuleViolation? Vectors(string? userId, IReadOnlyList<string>? itemIds, string? model) =>
        Id(userId, "userId") ?? Ids(itemIds, "itemIds", 1, RequestLimits.MaxCandidates) ?? Model(model);

    /// <summary>An optional request context: at most <see cref="RequestLimits.MaxContextEntries"/> entries, keys of
    /// 1..<see cref="RequestLimits.MaxContextKeyLength"/> characters, strings up to <see cref="RequestLimits.MaxContextTextLength"/>
    /// characters and finite numbers. Whether the catalogue declares each key is checked where the catalogue is (the silo).</summary>
    public static RuleViolation? Context(ServingContext? context)
    {
        if (context is null)
        {
            return null;
        }

        if (context.Count > RequestLimits.MaxContextEntries)
        {
            return new RuleViolation("context", $"context must have at most {RequestLimits.MaxContextEntries} entries");
        }

        foreach (var (key, text) in context.Labels)
        {
            if (ContextKey(key) is { } badKey)
            {
                return badKey;
            }

            if (text.Length > RequestLimits.MaxContextTextLength)
            {
                return new RuleViolation($"context.{key}", $"context.{key} must be at most {RequestLimits.MaxContextTextLength} characters");
            }
        }

        foreach (var (key, number) in context.Numbers)
        {
            if (ContextKey(key) is { } badKey)
            {
                return badKey;
            }

            if (!double.IsFinite(number))
            {
                return new RuleViolation($"context.{key}", $"context.{key} must be a finite number");
            }
        }

        return null;
    }

    /// <summary>A context value that is neither text nor a number (JSON <c>true</c> or an object, a gRPC value with neither
    /// set): refused by every door with the same message, naming <c>context.KEY</c>.</summary>
    public static RuleViolation ContextValueShape(string key) => new($"context.{key}", $"context.{key} must be a string or a number");

    private static RuleViolation? ContextKey(string key) =>
        key.Length is >= 1 and <= RequestLimits.MaxContextKeyLength
            ? null
            : new RuleViolation("context", $"context keys must be 1..{RequestLimits.MaxContextKeyLength} characters");

    /// <summary>A user or item id: 1..<see cref="RequestLimits.MaxIdLength"/> characters.</summary>
    public static RuleViolation? Id(string? value, string field) =>
        IsId(value) ? null : new RuleViolation(field, $"{field} must be a string of 1..{RequestLimits.MaxIdLength} characters");

    /// <summary>A list of <paramref name="min"/>..<paramref name="max"/> ids; a bad entry is named with its index.</summary>
    public static RuleViolation? Ids(IReadOnlyList<string>? values, string field, int min, int max)
    {
        if (values is null || values.Count < min || values.Count > max)
        {
            return new RuleViolation(field, $"{field} must have {min}..{max} entries");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!IsId(values[i]))
            {
                return new RuleViolation($"{field}[{i}]", $"{field}[{i}] must be a string of 1..{RequestLimits.MaxIdLength} characters");
            }
        }

        return null;
    }

    /// <summary>An optional <c>k</c>: absent, or 1..<see cref="RequestLimits.MaxK"/>.</summary>
    public static RuleViolation? K(int? k) =>
        k is null or (>= 1 and <= RequestLimits.MaxK) ? null : new RuleViolation("k", $"k must be 1..{RequestLimits.MaxK}");

    /// <summary>A required <c>k</c>: 1..<see cref="RequestLimits.MaxK"/>.</summary>
    public static RuleViolation? RequiredK(int? k) =>
        k is null ? new RuleViolation("k", $"k is required (1..{RequestLimits.MaxK})") : K(k);

    /// <summary>An optional model name (absent means <see cref="ModelNames.Default"/>) matching <see cref="ModelNames.Pattern"/>.</summary>
    public static RuleViolation? Model(string? model, string field = "model") =>
        model is null || ModelNames.IsValid(model) ? null : new RuleViolation(field, $"{field} must match {ModelNames.PatternDescription}");

    /// <summary>An optional serving deadline in ms: absent, or <see cref="RequestLimits.MinDeadlineMs"/>..<see cref="RequestLimits.MaxDeadlineMs"/>.</summary>
    public static RuleViolation? DeadlineMs(int? deadlineMs, string field = "deadlineMs") =>
        deadlineMs is null or (>= RequestLimits.MinDeadlineMs and <= RequestLimits.MaxDeadlineMs)
            ? null
            : new RuleViolation(field, $"{field} must be {RequestLimits.MinDeadlineMs}..{RequestLimits.MaxDeadlineMs}");

    private static bool IsId(string? value) => !string.IsNullOrEmpty(value) && value.Length <= RequestLimits.MaxIdLength;
}
