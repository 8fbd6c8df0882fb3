using Microsoft.AspNetCore.Http.HttpResults;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Api;

/// <summary>Input limits of the HTTP API: ids ≤ 128 chars, candidates 1..1000, k 1..200.</summary>
public static class Validation
{
    public const int MaxId = 128;
    public const int MaxCandidates = 1000;
    public const int MaxK = 200;
    public const string DefaultModel = "ranker";

    public static ProblemHttpResult? Id(string? value, string field) =>
        string.IsNullOrEmpty(value) || value.Length > MaxId ? Problems.Bad($"{field} must be a string of 1..{MaxId} characters", field) : null;

    public static ProblemHttpResult? Model(string? model) =>
        model is null || ModelValidator.NamePattern().IsMatch(model) ? null : Problems.Bad("model must match [a-z0-9][a-z0-9_.-]{0,63}", "model");

    public static ProblemHttpResult? Ids(string[]? values, string field, int min, int max)
    {
        if (values is null || values.Length < min || values.Length > max)
        {
            return Problems.Bad($"{field} must have {min}..{max} entries", field);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (string.IsNullOrEmpty(values[i]) || values[i].Length > MaxId)
            {
                return Problems.Bad($"{field}[{i}] must be a string of 1..{MaxId} characters", $"{field}[{i}]");
            }
        }

        return null;
    }

    public static ProblemHttpResult? K(int? k) =>
        k is null or (>= 1 and <= MaxK) ? null : Problems.Bad($"k must be 1..{MaxK}", "k");

    /// <summary>A model name taken from the route (<c>{name}</c>); the problem's field is <c>name</c>.</summary>
    public static ProblemHttpResult? ModelNameInRoute(string name) =>
        ModelValidator.ValidateName(name, "model name") is { } error ? Problems.Bad(error, "name") : null;
}
