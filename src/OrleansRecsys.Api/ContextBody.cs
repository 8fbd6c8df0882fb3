using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansRecsys.Api;

/// <summary>
/// Turns a request body's <c>context</c> object into a <see cref="ServingContext"/>: each value a string or a number;
/// anything else is a 400 naming <c>context.KEY</c>. The limits every door applies (<see cref="RequestRules.Context"/>) are
/// checked by <see cref="ServingCalls"/>, and whether the catalogue declares each key by the silo, which holds the catalogue.
/// </summary>
internal static class ContextBody
{
    public static (ServingContext? Context, ProblemHttpResult? Error) Read(Dictionary<string, JsonElement>? body)
    {
        if (body is null)
        {
            return (null, null);
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in body)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    labels[key] = value.GetString()!;
                    break;
                case JsonValueKind.Number when value.TryGetDouble(out var number):
                    numbers[key] = number;
                    break;
                default:
                    var broken = RequestRules.ContextValueShape(key);
                    return (null, Problems.Bad(broken.Message, broken.Field));
            }
        }

        return (new ServingContext(labels, numbers), null);
    }

    /// <summary>The silo's refusal of a context entry, as a 400 naming it.</summary>
    public static ProblemHttpResult Refused(InvalidContextException ex) => Problems.Bad(ex.Message, ex.Field);
}
