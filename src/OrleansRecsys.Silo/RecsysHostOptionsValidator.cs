using System.Net;
using Microsoft.AspNetCore.Http;
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

        if (!string.IsNullOrWhiteSpace(options.ManagementUrl) && ManagementUrlFailure(options.ManagementUrl, urls) is { } management)
        {
            failures.Add(management);
        }

        if (!string.IsNullOrWhiteSpace(options.GrpcUrl) && GrpcUrlFailure(options.GrpcUrl, urls, options.ManagementUrl) is { } grpc)
        {
            failures.Add(grpc);
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

    /// <summary>The management routes are told apart by the port a connection arrived on, so the port must be explicit
    /// and not shared with a public URL.</summary>
    private static string? ManagementUrlFailure(string managementUrl, string[] publicUrls)
    {
        const string key = "Recsys:Host:ManagementUrl";
        if (!TryParse(managementUrl, out var management) || management.Port <= 0 || !HasExplicitPort(managementUrl))
        {
            return $"{key} must be one http:// or https:// URL with an explicit port, e.g. http://127.0.0.1:9090 (got '{managementUrl}')";
        }

        return publicUrls.Any(u => TryParse(u, out var address) && address.Port == management.Port)
            ? $"{key} must use a port of its own, not one of Recsys:Host:HttpUrl's (got '{managementUrl}')"
            : null;
    }

    /// <summary>The gRPC port serves HTTP/2 only and is told apart by its port, so it must be explicit and its own.</summary>
    private static string? GrpcUrlFailure(string grpcUrl, string[] publicUrls, string? managementUrl)
    {
        const string key = "Recsys:Host:GrpcUrl";
        if (!TryParse(grpcUrl, out var grpc) || grpc.Port <= 0 || !HasExplicitPort(grpcUrl))
        {
            return $"{key} must be one http:// (h2c) or https:// URL with an explicit port, e.g. http://127.0.0.1:5081 (got '{grpcUrl}')";
        }

        var others = string.IsNullOrWhiteSpace(managementUrl) ? publicUrls : [.. publicUrls, managementUrl];
        return others.Any(u => TryParse(u, out var address) && address.Port == grpc.Port)
            ? $"{key} must use a port of its own, not one of Recsys:Host:HttpUrl's or Recsys:Host:ManagementUrl's (got '{grpcUrl}')"
            : null;
    }

    /// <summary>Kestrel would take 80 or 443 for a URL without a port; here the port must be written.</summary>
    private static bool HasExplicitPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        return authority.LastIndexOf(':') > authority.LastIndexOf(']');
    }

    private static bool TryParse(string url, out BindingAddress address)
    {
        address = null!;
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            address = BindingAddress.Parse(url);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
