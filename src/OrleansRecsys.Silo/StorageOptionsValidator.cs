using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansRecsys.Silo;

/// <summary>Cross-field rules of <c>Recsys:Storage</c>: PostgreSQL storage or clustering needs a connection string
/// that Npgsql can read.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!options.UsesPostgres)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("Recsys:Storage:ConnectionString is required when Recsys:Storage:Provider or Recsys:Storage:Clustering is 'postgres'");
        }

        try
        {
            // Parse only: the message must not echo the string, which may hold a password.
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"Recsys:Storage:ConnectionString is not a valid Npgsql connection string: {ex.Message}");
        }
    }
}
