using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// Bearer token validation in one of two modes: tokens of an OpenID Connect provider (<c>Recsys:Auth:Authority</c>,
/// RS256/ES256 keys from its JWKS), or tokens signed with the grid's HS256 key ring. Never both at once.
/// </summary>
internal static class RecsysAuthentication
{
    /// <summary>What providers sign with; HS256 is refused in this mode so a token cannot be "signed" with a public key.</summary>
    private static readonly string[] ProviderAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static void AddRecsysJwtBearer(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OidcKeySource>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider, IOptions<AuthOptions>>((options, sp, auth) =>
            {
                options.MapInboundClaims = false;
                if (auth.Value.UsesOidc)
                {
                    ConfigureProvider(options, sp.GetRequiredService<OidcKeySource>(), auth.Value);
                }
                else
                {
                    ConfigureKeyRing(options, sp.GetRequiredService<SigningKeyHolder>(), auth.Value);
                }
            });
    }

    private static void ConfigureProvider(JwtBearerOptions options, OidcKeySource keys, AuthOptions auth)
    {
        options.Authority = auth.Authority;
        options.MetadataAddress = auth.ResolveDiscoveryAddress();
        options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        options.ConfigurationManager = keys;
        options.RefreshOnIssuerKeyNotFound = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            // The issuer and the keys come from the discovery document.
            ValidAudience = auth.Audience,
            ValidAlgorithms = ProviderAlgorithms,
            RoleClaimType = OidcRoles.ClaimType,
            NameClaimType = "sub",
            ClockSkew = ClockSkew,
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                if (KeyId(context.Request.Headers.Authorization.ToString()) is { } keyId)
                {
                    await keys.RefreshIfUnknownAsync(keyId, context.HttpContext.RequestAborted);
                }
            },
            OnTokenValidated = context =>
            {
                OidcRoles.AddRoles((ClaimsIdentity)context.Principal!.Identity!, auth.RoleClaim);
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                // Also reached when the provider's keys cannot be fetched at all: the handler would rethrow that as a
                // 500; the token cannot be checked, so the caller gets a 401 (the handler has logged the cause).
                context.Fail(context.Exception);
                return Task.CompletedTask;
            },
        };
    }

    private static void ConfigureKeyRing(JwtBearerOptions options, SigningKeyHolder keys, AuthOptions auth)
    {
        options.TokenValidationParameters = TokenMinter.Validation(keys.Keys, auth.Issuer, auth.Audience);
        options.TokenValidationParameters.ClockSkew = ClockSkew;
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                // Whoever holds a ring key can mint any lifetime; the grid holds them to the cap its own minting obeys.
                if (context.SecurityToken.ValidTo - DateTime.UtcNow > TokenDefaults.MaxLifetime + ClockSkew)
                {
                    context.Fail($"the token lives longer than {TokenDefaults.MaxLifetimeDays} days");
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The <c>kid</c> of a bearer token's header; null when there is none or the token cannot be read.</summary>
    private static string? KeyId(string authorization)
    {
        const string prefix = "Bearer ";
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new JsonWebToken(authorization[prefix.Length..].Trim()).Kid is { Length: > 0 } kid ? kid : null;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return null; // malformed: the handler refuses it with 401
        }
    }
}
