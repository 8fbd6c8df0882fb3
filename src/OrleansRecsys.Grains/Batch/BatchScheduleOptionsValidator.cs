using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// The schedule's model, k and segment obey the rules an on-demand run obeys (<see cref="BatchRules.Run"/>), checked at
/// start so a wrong value stops the silo with the key to fix instead of failing at every tick.
/// </summary>
internal sealed class BatchScheduleOptionsValidator : IValidateOptions<BatchScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchScheduleOptions options) =>
        BatchRules.Run(options.Model, options.K, options.Segment) is { } broken
            ? ValidateOptionsResult.Fail($"{BatchScheduleOptions.Section}:{Key(broken.Field)}: {broken.Message}")
            : ValidateOptionsResult.Success;

    /// <summary>The configuration key of a request field (<c>k</c> → <c>K</c>).</summary>
    private static string Key(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}
