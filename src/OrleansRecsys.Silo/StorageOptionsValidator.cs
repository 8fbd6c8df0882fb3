using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansRecsys.Silo;

/// <summary>Cross-field rules of <c>Recsys:Storage</c>: PostgreSQL storage or clustering needs a connection string
/// that Npgsql can read, and the CA file it names for TLS verification must exist.</summary>
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

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            // Parse only: the message must not echo the string, which may hold a password.
            parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"Recsys:Storage:ConnectionString is not a valid Npgsql connection string: {ex.Message}");
        }

        // A missing CA file would otherwise surface only at the first connection, as a storage failure of some grain.
        return parsed.RootCertificate is { Length: > 0 } root && !File.Exists(root)
            ? ValidateOptionsResult.Fail($"Recsys:Storage:ConnectionString names a Root Certificate that does not exist: {root}")
            : ValidateOptionsResult.Success;
    }
}
