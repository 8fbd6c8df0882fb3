using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRecsys.Api;
using OrleansRecsys.Rpc;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// Where the HTTP API listens, through Kestrel's own configuration so HTTPS needs no code of ours: endpoints under
/// <c>Kestrel:Endpoints</c> (with <c>Kestrel:Certificates:Default:Path</c> / <c>KeyPath</c> PEM files) win; without
/// any, <c>Recsys:Host:HttpUrl</c>'s URLs become such endpoints. <c>Recsys:Host:ManagementUrl</c> adds one more, and
/// <c>Recsys:Host:GrpcUrl</c> one for gRPC (HTTP/2 only).
/// </summary>
internal static class HttpEndpointSetup
{
    public const string EndpointsSection = "Kestrel:Endpoints";

    /// <summary>The endpoint name <c>Recsys:Host:ManagementUrl</c> is configured under.</summary>
    public const string ManagementEndpoint = "Management";

    /// <summary>The endpoint name <c>Recsys:Host:GrpcUrl</c> is configured under.</summary>
    public const string GrpcEndpoint = "Grpc";

    public static void AddRecsysHttpEndpoints(this WebApplicationBuilder builder, StartupSettings settings)
    {
        var configured = builder.Configuration.GetSection(EndpointsSection).GetChildren().Any();
        if (!configured)
        {
            // As endpoints rather than UseUrls: Kestrel ignores UseUrls (with a warning) once any endpoint is configured,
            // and the management endpoint is one.
            var urls = settings.Host.HttpUrl.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < urls.Length; i++)
            {
                builder.Configuration[$"{EndpointsSection}:{(i == 0 ? "Http" : $"Http{i}")}:Url"] = urls[i];
            }
        }

        if (!string.IsNullOrWhiteSpace(settings.Host.ManagementUrl))
        {
            builder.Configuration[$"{EndpointsSection}:{ManagementEndpoint}:Url"] = settings.Host.ManagementUrl;
        }

        if (!string.IsNullOrWhiteSpace(settings.Host.GrpcUrl))
        {
            // HTTP/2 only: without TLS there is no protocol negotiation, so a port that also spoke HTTP/1.1 could not
            // serve gRPC in clear (h2c) at all.
            builder.Configuration[$"{EndpointsSection}:{GrpcEndpoint}:Url"] = settings.Host.GrpcUrl;
            builder.Configuration[$"{EndpointsSection}:{GrpcEndpoint}:Protocols"] = "Http2";
        }

        if (HttpsCertificateReload.From(builder.Configuration, builder.Environment.ContentRootPath) is { } reload)
        {
            // Before Kestrel's options type is first used: it reads the switch once.
            AppContext.SetSwitch(HttpsCertificateReload.KestrelWatchingSwitch, true);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.OnAuthenticate = reload.OnAuthenticate));
        }

        if (settings.Profile == RecsysProfile.Local)
        {
            if (!settings.Host.AllowNonLoopback)
            {
                RefuseNetworkAddresses(builder.Configuration, configured);
            }

            return;
        }

        RefusePlaintext(builder.Configuration, configured);
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddTransient<IStartupFilter, HstsStartupFilter>();
    }

    /// <summary>
    /// The local profile is a grid for one developer: its signing key and admin token are files on this machine, made
    /// for convenience, so an endpoint other hosts can reach (http or https) stops the start unless
    /// <c>Recsys:Host:AllowNonLoopback</c> says so.
    /// </summary>
    private static void RefuseNetworkAddresses(IConfiguration configuration, bool configured)
    {
        var failures = EndpointsWhere(configuration, configured, IsOnNetwork).Select(endpoint =>
            $"{endpoint.Key} '{endpoint.Url}' listens on an address other hosts can reach, but {RecsysProfile.Key}={RecsysProfile.Local} is " +
            "for one developer (development keys and tokens): bind a loopback address (127.0.0.1, [::1], localhost), use " +
            $"{RecsysProfile.Key}={RecsysProfile.Cluster} for a shared grid, or set {RecsysHostOptions.Section}:{nameof(RecsysHostOptions.AllowNonLoopback)}=true " +
            "to expose the local profile on purpose").ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(RecsysHostOptions.Section, typeof(RecsysHostOptions), failures);
        }
    }

    /// <summary>
    /// Outside the local profile, a plain-http endpoint on an address other hosts can reach carries tokens and
    /// features in clear; it stops the start unless <c>Recsys:Tls:AllowPlaintext</c> says TLS ends in front of it.
    /// </summary>
    private static void RefusePlaintext(IConfiguration configuration, bool configured)
    {
        if (configuration.GetSection(TlsOptions.Section).Get<TlsOptions>()?.AllowPlaintext == true)
        {
            return;
        }

        var failures = EndpointsWhere(configuration, configured, IsPlaintextOnNetwork).Select(endpoint =>
            $"{endpoint.Key} '{endpoint.Url}' listens on a non-loopback address over plain http: use an https:// URL with " +
            "Kestrel:Certificates:Default:Path and Kestrel:Certificates:Default:KeyPath (PEM), bind a loopback address, " +
            $"or set {TlsOptions.Section}:{nameof(TlsOptions.AllowPlaintext)}=true where TLS ends in front of the grid").ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(TlsOptions.Section, typeof(TlsOptions), failures);
        }
    }

    /// <summary>The endpoints whose URL <paramref name="matches"/>, each with the key its URL was set by.</summary>
    private static IEnumerable<(string Key, string Url)> EndpointsWhere(IConfiguration configuration, bool configured, Func<string, bool> matches)
    {
        foreach (var endpoint in configuration.GetSection(EndpointsSection).GetChildren())
        {
            if (endpoint["Url"] is { } url && matches(url))
            {
                var key = endpoint.Key == ManagementEndpoint ? ManagementPort.Key
                    : endpoint.Key == GrpcEndpoint ? GrpcPort.Key
                    : configured ? $"{EndpointsSection}:{endpoint.Key}:Url" : "Recsys:Host:HttpUrl";
                yield return (key, url);
            }
        }
    }

    /// <summary>An http:// URL on a wildcard, a host name or an address that is not loopback.</summary>
    private static bool IsPlaintextOnNetwork(string url) => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && IsOnNetwork(url);

    /// <summary>A URL on a wildcard, a host name or an address that is not loopback.</summary>
    private static bool IsOnNetwork(string url)
    {
        string host;
        try
        {
            host = BindingAddress.Parse(url).Host.Trim('[', ']');
        }
        catch (FormatException)
        {
            return false; // Kestrel refuses it at start, naming the URL
        }

        return !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            && !(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
