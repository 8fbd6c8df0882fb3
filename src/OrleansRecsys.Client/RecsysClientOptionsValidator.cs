using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Client;

/// <summary>Checks <see cref="RecsysClientOptions"/>; every message names the configuration key (<c>Recsys:Client:...</c>).</summary>
internal sealed class RecsysClientOptionsValidator : IValidateOptions<RecsysClientOptions>
{
    public ValidateOptionsResult Validate(string? name, RecsysClientOptions options)
    {
        var errors = new List<string>();
        ValidateCluster(options, errors);
        ValidateDefaults(options, errors);
        errors.AddRange(OrleansTlsMaterial.Problems(options.Tls));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateCluster(RecsysClientOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add($"{Key(nameof(options.ClusterId))} is required");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{Key(nameof(options.ServiceId))} is required");
        }

        if (options.Clustering is not (RecsysClientOptions.LocalhostClustering or RecsysClientOptions.PostgresClustering))
        {
            errors.Add($"{Key(nameof(options.Clustering))} must be '{RecsysClientOptions.LocalhostClustering}' or " +
                $"'{RecsysClientOptions.PostgresClustering}' (got '{options.Clustering}')");
        }
        else if (options.Clustering == RecsysClientOptions.PostgresClustering && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{Key(nameof(options.ConnectionString))} is required when {Key(nameof(options.Clustering))} is '{RecsysClientOptions.PostgresClustering}'");
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            errors.Add($"{Key(nameof(options.GatewayPort))} must be 1..65535");
        }
    }

    private static void ValidateDefaults(RecsysClientOptions options, List<string> errors)
    {
        if (!ModelNames.IsValid(options.DefaultModel))
        {
            errors.Add($"{Key(nameof(options.DefaultModel))} must match {ModelNames.PatternDescription}");
        }

        if (RequestValidator.DeadlineError(options.DefaultDeadline, Key(nameof(options.DefaultDeadline))) is { } deadline)
        {
            errors.Add(deadline);
        }

        if (options.DeadlineGrace < TimeSpan.Zero || options.DeadlineGrace > TimeSpan.FromSeconds(1))
        {
            errors.Add($"{Key(nameof(options.DeadlineGrace))} must be 0 .. 1 s");
        }

        if (options.PopularityRefresh < TimeSpan.FromMilliseconds(100) || options.PopularityRefresh > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Key(nameof(options.PopularityRefresh))} must be 100 ms .. 10 min");
        }
    }

    private static string Key(string property) => $"{RecsysClientOptions.Section}:{property}";
}
