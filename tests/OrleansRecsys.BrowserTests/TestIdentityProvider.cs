using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansRecsys.Testing;

namespace OrleansRecsys.BrowserTests;

/// <summary>
/// A small OpenID Connect provider on a free port: discovery, JWKS, an authorization endpoint that signs the user in at
/// once (no login page) and a token endpoint that issues RS256 access tokens only for a code whose PKCE verifier
/// matches its challenge. Enough to run the console's real authorization-code flow in a browser.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "recsys-console";
    private const string KeyId = "browser-tests-rsa";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();
    private WebApplication _app = null!;

    public string Url { get; private set; } = "";

    /// <summary>How many codes the token endpoint refused because their verifier did not match.</summary>
    public int RefusedVerifiers { get; private set; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider { Url = $"http://127.0.0.1:{EmbeddedGrid.FreePort()}" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(provider.Url);
        provider._app = builder.Build();
        provider.Map(provider._app);
        await provider._app.StartAsync();
        return provider;
    }

    private void Map(WebApplication app)
    {
        // The console calls discovery and the token endpoint from the grid's origin: answer them across origins.
        app.Use((context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return next(context);
        });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Url,
            ["authorization_endpoint"] = $"{Url}/authorize",
            ["token_endpoint"] = $"{Url}/token",
            ["jwks_uri"] = $"{Url}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", Jwks);
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", IssueAsync);
    }

    private IResult Jwks()
    {
        var key = _rsa.ExportParameters(false);
        return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
        {
            return Results.BadRequest("unexpected authorization request");
        }

        var code = Guid.NewGuid().ToString("N");
        _codes[code] = (query["code_challenge"].ToString(), query["redirect_uri"].ToString());
        return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private async Task<IResult> IssueAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (!_codes.TryRemove(form["code"].ToString(), out var issued) || form["redirect_uri"] != issued.RedirectUri)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (challenge != issued.Challenge)
        {
            RefusedVerifiers++;
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
        }

        return Results.Json(new { access_token = AccessToken("oidc-user", Roles.Admin), token_type = "Bearer", expires_in = 3600 });
    }

    private string AccessToken(string subject, params string[] roles) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Url,
        Audience = "recsys",
        Claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles },
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
    });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
