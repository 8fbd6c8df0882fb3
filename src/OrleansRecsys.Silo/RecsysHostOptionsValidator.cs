using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace OrleansRecsys.Silo;

/// <summary>The <c>Recsys:Host</c> rules attributes cannot state: values Kestrel and Orleans would only reject later,
/// with messages that do not name the key.</summary>
internal sealed class RecsysHostOptionsValidator : IValidateOptions<RecsysHostOptions>
{
    /// <summary>What Orleans' Kubernetes hosting reads from the pod.</summary>
    private static readonly string[] PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    public ValidateOptionsResult Validate(string? name, RecsysHostOptions options)
    {
        var failures = new List<string>();
        var urls = (options.HttpUrl ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0 || urls.Any(u => !u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"Recsys:Host:HttpUrl must be one or more http:// or https:// URLs separated by ';' (got '{options.HttpUrl}')");
        }

        if (!string.IsNullOrWhiteSpace(options.AdvertisedIp) && !IPAddress.TryParse(options.AdvertisedIp, out _))
        {
            failures.Add($"Recsys:Host:AdvertisedIp must be an IP address (got '{options.AdvertisedIp}')");
        }

        if (options.Kubernetes && !options.IsGateway)
        {
            var missing = PodVariables.Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))).ToArray();
            if (missing.Length > 0)
            {
                failures.Add($"Recsys:Host:Kubernetes=true needs the pod's {string.Join(", ", missing)} environment variables (set them from the downward API, see deploy/k8s)");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
