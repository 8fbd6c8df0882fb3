using Microsoft.AspNetCore.Http.HttpResults;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Api;

/// <summary>
/// The shared request rules (<see cref="RequestRules"/>, limits in <see cref="RequestLimits"/>) as HTTP problems:
/// a broken rule becomes a 400 naming the field.
/// </summary>
public static class Validation
{
    public static ProblemHttpResult? Problem(RuleViolation? violation) =>
        violation is { } broken ? Problems.Bad(broken.Message, broken.Field) : null;

    public static ProblemHttpResult? Id(string? value, string field) => Problem(RequestRules.Id(value, field));

    /// <summary>A model name taken from the route (<c>{name}</c>); the problem's field is <c>name</c>.</summary>
    public static ProblemHttpResult? ModelNameInRoute(string name) =>
        ModelValidator.ValidateName(name, "model name") is { } error ? Problems.Bad(error, "name") : null;
}
