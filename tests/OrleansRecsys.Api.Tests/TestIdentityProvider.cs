using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// A minimal OpenID Connect provider on a loopback port: a discovery document and a JWKS with RSA and EC keys made here.
/// Keys can be added or withdrawn while it runs (rotation, revocation) or kept unpublished (a token signed by a key the provider never listed).
/// </summary>
internal sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, AsymmetricAlgorithm> _keys = [];
    private readonly HashSet<string> _published = [];
    private int _jwksRequests;

    private TestIdentityProvider(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = "";

    /// <summary>How often the JWKS was fetched.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var idp = new TestIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = idp.Issuer,
            ["jwks_uri"] = idp.Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
        }));
        app.MapGet("/jwks", idp.Jwks);
        await app.StartAsync();
        idp.Issuer = app.Urls.Single().TrimEnd('/');
        return idp;
    }

    public void AddRsaKey(string kid, bool publish = true) => Add(kid, RSA.Create(2048), publish);

    public void AddEcKey(string kid, bool publish = true) => Add(kid, ECDsa.Create(ECCurve.NamedCurves.nistP256), publish);

    /// <summary>Stops publishing key <paramref name="kid"/> (a revoked key); tokens can still be signed with it.</summary>
    public void Withdraw(string kid)
    {
        lock (_keys)
        {
            _published.Remove(kid);
        }
    }

    /// <summary>
    /// A token signed with key <paramref name="kid"/>: issuer this provider, audience <c>recsys</c>, subject <c>alice</c>,
    /// five minutes to live; <paramref name="edit"/> changes or removes claims before signing.
    /// </summary>
    public string Token(string kid, Action<Dictionary<string, object>>? edit = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = "recsys", ["sub"] = "alice", ["iat"] = now, ["nbf"] = now - 5, ["exp"] = now + 300,
        };
        edit?.Invoke(claims);
        var key = _keys[kid];
        var header = new Dictionary<string, object> { ["alg"] = key is RSA ? "RS256" : "ES256", ["typ"] = "JWT", ["kid"] = kid };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = key is RSA rsa
            ? rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : ((ECDsa)key).SignData(data, HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url(signature);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private static string Base64Url(byte[] bytes) => Base64UrlEncoder.Encode(bytes);

    private void Add(string kid, AsymmetricAlgorithm key, bool publish)
    {
        lock (_keys)
        {
            _keys[kid] = key;
            if (publish)
            {
                _published.Add(kid);
            }
        }
    }

    private IResult Jwks()
    {
        Interlocked.Increment(ref _jwksRequests);
        lock (_keys)
        {
            return Results.Json(new { keys = _published.Select(kid => Jwk(kid, _keys[kid])).ToArray() });
        }
    }

    private static Dictionary<string, string> Jwk(string kid, AsymmetricAlgorithm key)
    {
        if (key is RSA rsa)
        {
            var p = rsa.ExportParameters(false);
            return new() { ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = Base64Url(p.Modulus!), ["e"] = Base64Url(p.Exponent!) };
        }

        var ec = ((ECDsa)key).ExportParameters(false);
        return new() { ["kty"] = "EC", ["kid"] = kid, ["use"] = "sig", ["alg"] = "ES256", ["crv"] = "P-256", ["x"] = Base64Url(ec.Q.X!), ["y"] = Base64Url(ec.Q.Y!) };
    }
}
