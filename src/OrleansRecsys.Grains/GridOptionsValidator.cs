using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains;

/// <summary>
/// Checks what attributes cannot: the feature catalogue exists. Checked at start, so a wrong path stops the silo
/// with the configuration key to fix rather than failing on the first grain that needs the catalogue.
/// </summary>
internal sealed class GridOptionsValidator : IValidateOptions<GridOptions>
{
    public ValidateOptionsResult Validate(string? name, GridOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.CatalogPath) && !File.Exists(options.CatalogPath))
        {
            return ValidateOptionsResult.Fail($"{GridOptions.Section}:CatalogPath '{options.CatalogPath}' does not exist (the feature catalogue).");
        }

        return ValidateOptionsResult.Success;
    }
}
