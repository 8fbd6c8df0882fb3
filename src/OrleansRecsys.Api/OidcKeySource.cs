using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace OrleansRecsys.Api;

/// <summary>
/// The OpenID Connect provider's discovery document and signing keys (JWKS), cached and refetched hourly. A token that
/// names a key (<c>kid</c>) the cached set lacks makes it refetch at once, before the token is checked, so a provider's
/// key rotation is followed on the first token signed with the new key; if the key is still unknown the token is refused.
/// </summary>
/// <remarks>
/// The library's own manager refreshes in the background after the failing request, which would refuse the first tokens
/// of every rotation; this one refreshes in line, at most once per <see cref="UnknownKeyRefreshInterval"/>.
/// </remarks>
internal sealed class OidcKeySource : IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(1);

    /// <summary>How often an unknown <c>kid</c> may cause a fetch: a stream of made-up ids cannot become a stream of fetches.</summary>
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly string _address;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly ILogger<OidcKeySource> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _refreshAfter;
    private DateTimeOffset? _lastUnknownKeyRefresh;

    public OidcKeySource(IOptions<AuthOptions> options, TimeProvider time, ILogger<OidcKeySource> logger)
    {
        _address = options.Value.ResolveDiscoveryAddress();
        _retriever = new HttpDocumentRetriever(_http) { RequireHttps = options.Value.RequireHttpsMetadata };
        _time = time;
        _logger = logger;
    }

    /// <summary>The configuration <see cref="GetConfigurationAsync"/> would answer without fetching; null when none is held
    /// or it is due for a refresh (a request then takes the handler's path, which fetches it).</summary>
    public OpenIdConnectConfiguration? Fresh => _current is { } current && _time.GetUtcNow() < _refreshAfter ? current : null;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (_current is { } current && _time.GetUtcNow() < _refreshAfter)
        {
            return current;
        }

        await _gate.WaitAsync(cancel);
        try
        {
            return _current is { } fresh && _time.GetUtcNow() < _refreshAfter ? fresh : await FetchAsync(cancel);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Refetches once when <paramref name="keyId"/> is not among the cached keys (see the class remarks).</summary>
    public async Task RefreshIfUnknownAsync(string keyId, CancellationToken cancel)
    {
        if (Knows(await GetConfigurationAsync(cancel), keyId))
        {
            return;
        }

        await _gate.WaitAsync(cancel);
        try
        {
            var now = _time.GetUtcNow();
            if ((_current is { } current && Knows(current, keyId)) || now - _lastUnknownKeyRefresh < UnknownKeyRefreshInterval)
            {
                return;
            }

            _lastUnknownKeyRefresh = now;
            _logger.LogInformation("A token names signing key {KeyId}, which the provider's key set lacks; fetching {Address} again", keyId, _address);
            await FetchAsync(cancel);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The handler calls this after a key was not found; <see cref="RefreshIfUnknownAsync"/> has already refetched.</summary>
    public void RequestRefresh()
    {
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private static bool Knows(OpenIdConnectConfiguration configuration, string keyId) =>
        configuration.SigningKeys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    private async Task<OpenIdConnectConfiguration> FetchAsync(CancellationToken cancel)
    {
        try
        {
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_address, _retriever, cancel);
            _current = configuration;
            _refreshAfter = _time.GetUtcNow() + RefreshInterval;
            return configuration;
        }
        catch (Exception ex) when (_current is not null && ex is not OperationCanceledException)
        {
            // Keep validating with the keys already known; an unreachable provider must not log everyone out.
            _logger.LogWarning(ex, "Cannot fetch the OpenID Connect configuration from {Address}; keeping the keys already known", _address);
            _refreshAfter = _time.GetUtcNow() + UnknownKeyRefreshInterval;
            return _current;
        }
    }
}
