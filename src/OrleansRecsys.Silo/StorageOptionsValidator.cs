using Microsoft.Extensions.Options;

namespace OrleansRecsys.Silo;

/// <summary>Cross-field rule of <c>Recsys:Storage</c>: PostgreSQL storage or clustering needs a connection string.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        options.UsesPostgres && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail("Recsys:Storage:ConnectionString is required when Recsys:Storage:Provider or Recsys:Storage:Clustering is 'postgres'")
            : ValidateOptionsResult.Success;
}
