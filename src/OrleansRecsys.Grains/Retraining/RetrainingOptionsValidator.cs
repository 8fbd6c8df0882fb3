using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>Checks every configured policy with the API's rules, naming the key to fix
/// (<c>Recsys:Retraining:Models:ranker:SoakSeconds</c>), and that each model name is one the registry accepts.</summary>
internal sealed class RetrainingOptionsValidator : IValidateOptions<RetrainingOptions>
{
    public ValidateOptionsResult Validate(string? name, RetrainingOptions options)
    {
        foreach (var (model, policy) in options.Models)
        {
            var prefix = $"{RetrainingOptions.Section}:Models:{model}";
            if (!ModelNames.IsValid(model))
            {
                return ValidateOptionsResult.Fail($"{prefix}: '{model}' is not a model name ({ModelNames.PatternDescription}).");
            }

            if (RetrainingPolicyRules.Validate(policy.ToPolicy()) is { } bad)
            {
                return ValidateOptionsResult.Fail($"{prefix}:{char.ToUpperInvariant(bad.Field[0])}{bad.Field[1..]}: {bad.Message}.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
