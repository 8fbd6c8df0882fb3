using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
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
        // Accepted tokens authenticate from memory (the framework's service stays behind it for everything else).
        services.TryAddScoped<AuthenticationService>();
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationService, RememberedCallerAuthentication>());
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider, IOptions<AuthOptions>>((options, sp, auth) =>
            {
                options.MapInboundClaims = false;
                var time = sp.GetRequiredService<TimeProvider>();
                if (auth.Value.UsesOidc)
                {
                    ConfigureProvider(options, sp.GetRequiredService<OidcKeySource>(), auth.Value, time);
                }
                else
                {
                    ConfigureKeyRing(options, sp.GetRequiredService<SigningKeyHolder>(), auth.Value, time);
                }
            });
    }

    /// <summary>Puts <see cref="ValidatedTokenCache"/> around the handler's token validator (after <c>MapInboundClaims</c>
    /// is set on it); <paramref name="prepare"/> runs on each identity once, before it is shared.</summary>
    private static ValidatedTokenCache CacheValidatedTokens(JwtBearerOptions options, TimeProvider time, Action<ClaimsIdentity>? prepare = null)
    {
        var cache = new ValidatedTokenCache(options.TokenHandlers.Single(), time, prepare);
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(cache);
        return cache;
    }

    private static void ConfigureProvider(JwtBearerOptions options, OidcKeySource keys, AuthOptions auth, TimeProvider time)
    {
        // Roles are copied into the identity when it is made, once: a remembered identity is shared by later requests.
        var cache = CacheValidatedTokens(options, time, identity => OidcRoles.AddRoles(identity, auth.RoleClaim));
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
                // The token is taken from the header here, once (the handler uses it as given); a remembered one was
                // signed by a known key, so only a new token can need the provider's keys fetched again.
                context.Token = BearerToken(context.Request, cache);
                if (context.Token is { } token && !cache.Knows(token) && KeyId(token) is { } keyId)
                {
                    await keys.RefreshIfUnknownAsync(keyId, context.HttpContext.RequestAborted);
                }
            },
            OnTokenValidated = context =>
            {
                Accept(cache, context);
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

    private static void ConfigureKeyRing(JwtBearerOptions options, SigningKeyHolder keys, AuthOptions auth, TimeProvider time)
    {
        var cache = CacheValidatedTokens(options, time);
        options.TokenValidationParameters = TokenMinter.Validation(keys.Keys, auth.Issuer, auth.Audience);
        options.TokenValidationParameters.ClockSkew = ClockSkew;
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                context.Token = BearerToken(context.Request, cache);
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                // Whoever holds a ring key can mint any lifetime; the grid holds them to the cap its own minting obeys.
                if (context.SecurityToken.ValidTo - DateTime.UtcNow > TokenDefaults.MaxLifetime + ClockSkew)
                {
                    context.Fail($"the token lives longer than {TokenDefaults.MaxLifetimeDays} days");
                }

                Accept(cache, context);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>
    /// Remembers the caller of a token the pipeline let in, after every check of the handler and of these events passed
    /// (a failed context has a result already): its next requests are let in by <see cref="RememberedTokenAuthentication"/>.
    /// </summary>
    private static void Accept(ValidatedTokenCache cache, TokenValidatedContext context)
    {
        if (context.Result is null && context.Principal is { } principal)
        {
            cache.Accept(BearerHeader.Token(context.Request), principal, context.Scheme.Name);
        }
    }

    /// <summary>
    /// The token of the request's <c>Bearer</c> authorization header, as the handler would take it (null without one): the
    /// remembered string when the cache knows the token, so a known caller's request copies nothing out of its header.
    /// </summary>
    private static string? BearerToken(HttpRequest request, ValidatedTokenCache cache)
    {
        var token = BearerHeader.Token(request);
        return token.IsEmpty ? null : cache.Remembered(token) ?? token.ToString();
    }

    /// <summary>The <c>kid</c> of a token's header; null when there is none or the token cannot be read.</summary>
    private static string? KeyId(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid is { Length: > 0 } kid ? kid : null;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return null; // malformed: the handler refuses it with 401
        }
    }
}
