using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansRecsys.Api;

/// <summary>
/// Remembers tokens that validated, so a caller presenting the same bearer token on every request pays for parsing, the
/// signature and the claims once, not per request (a service keeps one token for its lifetime; validating it was most of
/// what authentication allocated). A remembered answer is only used while it would still be given:
/// <list type="bullet">
/// <item>before the token's <c>exp</c> (read on this cache's clock; after it, the token is validated again, so the
/// validator's own clock skew decides, as before);</item>
/// <item>while the key that verified the signature is still among the keys the request is validated with: an HS256 key
/// taken out of the ring, or a key the OpenID Connect provider no longer publishes (a new key set is new key objects, so
/// every token is checked again against it), revokes the remembered answers it signed.</item>
/// </list>
/// Failures are never remembered. A token the whole bearer pipeline then accepted (the grid's checks after validation
/// included) is marked with its <see cref="RememberedCaller"/> (<see cref="Accept"/>), which
/// <see cref="RememberedTokenAuthentication"/> recalls under the same two conditions (<see cref="Recall"/>). Bounded: at <see cref="Capacity"/> entries it starts over rather than grow, so a stream
/// of distinct tokens costs validations, not memory.
/// </summary>
internal sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider time, Action<ClaimsIdentity>? prepare = null, int capacity = ValidatedTokenCache.DefaultCapacity)
    : TokenHandler
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The validated answer, kept as the task the handler awaits (nothing to allocate on a hit), and the caller once
    /// the pipeline accepted it.</summary>
    private sealed class Entry(Task<TokenValidationResult> answer, SecurityKey key, DateTime expiresUtc)
    {
        public Task<TokenValidationResult> Answer { get; } = answer;
        public SecurityKey Key { get; } = key;
        public DateTime ExpiresUtc { get; } = expiresUtc;

        /// <summary>Set once, after the pipeline accepted the token; read by requests on other threads.</summary>
        public volatile RememberedCaller? Accepted;
    }

    public int Capacity => capacity;

    /// <summary>How many tokens are remembered now.</summary>
    public int Count => _entries.Count;

    /// <summary>Whether <paramref name="token"/> is remembered (it may still be refused when its entry is checked).</summary>
    public bool Knows(string token) => _entries.ContainsKey(token);

    /// <summary>The remembered string equal to <paramref name="token"/>, or null: a request's token taken from its header
    /// without copying it out (Kestrel keeps the header's string from one request to the next on a connection).</summary>
    public string? Remembered(ReadOnlySpan<char> token) =>
        _entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var remembered, out _) ? remembered : null;

    /// <summary>
    /// Marks a remembered token as accepted by the whole pipeline, with the principal it was let in as. Only a token
    /// remembered here can be accepted, so only one that validated; a token accepted before keeps its first caller.
    /// </summary>
    public void Accept(ReadOnlySpan<char> token, ClaimsPrincipal principal, string scheme)
    {
        if (_entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var entry) && entry.Accepted is null)
        {
            entry.Accepted = new RememberedCaller(principal, scheme);
        }
    }

    /// <summary>
    /// The accepted caller of <paramref name="token"/>, while its answer would still be given: before the token's expiry
    /// and while its key is among <paramref name="keys"/> (the keys a request is validated with now). Null otherwise, or
    /// when the token is not remembered or was never accepted: such a request goes through the whole pipeline.
    /// </summary>
    public RememberedCaller? Recall(ReadOnlySpan<char> token, SecurityKey? key, IEnumerable<SecurityKey>? keys)
    {
        if (!_entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var entry) || entry.Accepted is not { } caller)
        {
            return null;
        }

        return time.GetUtcNow().UtcDateTime < entry.ExpiresUtc && IsListed(entry.Key, key, keys) ? caller : null;
    }

    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            if (time.GetUtcNow().UtcDateTime < entry.ExpiresUtc
                && IsListed(entry.Key, validationParameters.IssuerSigningKey, validationParameters.IssuerSigningKeys))
            {
                return entry.Answer;
            }

            _entries.TryRemove(token, out _);
        }

        return ValidateAndRememberAsync(token, validationParameters);
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private async Task<TokenValidationResult> ValidateAndRememberAsync(string token, TokenValidationParameters validationParameters)
    {
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken { SigningKey: { } key } jwt)
        {
            return result;
        }

        // The identity is made now, once: requests that share a remembered answer only read it from here on.
        var identity = result.ClaimsIdentity;
        prepare?.Invoke(identity);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[token] = new Entry(Task.FromResult(result), key, jwt.ValidTo);
        return result;
    }

    /// <summary>Compared by reference: the key object that verified the token, not just its id.</summary>
    private static bool IsListed(SecurityKey key, SecurityKey? listedKey, IEnumerable<SecurityKey>? listedKeys)
    {
        if (ReferenceEquals(listedKey, key))
        {
            return true;
        }

        // Indexed where the collection allows it: enumerating through the interface would allocate on every request.
        switch (listedKeys)
        {
            case IList<SecurityKey> list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (ReferenceEquals(list[i], key))
                    {
                        return true;
                    }
                }

                return false;
            case { } keys:
                return keys.Any(listed => ReferenceEquals(listed, key));
            default:
                return false;
        }
    }
}
