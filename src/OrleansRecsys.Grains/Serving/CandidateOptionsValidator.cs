using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// Checks <see cref="CandidateOptions"/> at start, nested sections included (data annotations alone stop at the top
/// level), and against the catalogue: a bad value stops the silo with a message naming its key.
/// </summary>
internal sealed class CandidateOptionsValidator(FeatureCatalog catalog) : IValidateOptions<CandidateOptions>
{
    public ValidateOptionsResult Validate(string? name, CandidateOptions options)
    {
        var failures = new List<string>();
        foreach (var section in new object[] { options, options.ExcludeSeen, options.CoVisitation, options.Quotas })
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(result => result.ErrorMessage ?? "invalid"));
            }
        }

        if (failures.Count == 0 && CandidateRules.Check(catalog, options) is { } problem)
        {
            failures.Add(problem);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
