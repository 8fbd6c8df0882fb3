namespace OrleansRecsys.Kafka;

/// <summary>
/// Rules for the librdkafka settings an operator adds to every client (<c>Recsys:Kafka:Properties</c>: TLS, SASL and
/// tuning): which keys the grid keeps for itself, and which values are secrets that no log or message may show.
/// </summary>
public static class KafkaProperties
{
    /// <summary>Shown in place of a secret value.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>
    /// Keys the grid sets itself because its delivery guarantees rest on them (manual commits behind durable state,
    /// idempotent acks=all producers, one consumer group); an operator's value would silently break them, so it is
    /// refused at start instead. The bootstrap servers have their own key.
    /// </summary>
    private static readonly string[] Reserved =
    [
        "bootstrap.servers", "metadata.broker.list", "group.id", "enable.auto.commit", "enable.auto.offset.store",
        "enable.idempotence", "acks", "request.required.acks", "partition.assignment.strategy", "test.mock.num.brokers",
    ];

    /// <summary>Name fragments of settings whose values are secrets: passwords, private keys (inline PEM, keytabs),
    /// OAuth client secrets and the OAuth bearer config string, which may carry credentials.</summary>
    private static readonly string[] SecretFragments = ["password", "secret", "key", "oauthbearer.config", "token"];

    public static bool IsReserved(string key) => Array.IndexOf(Reserved, key.Trim().ToLowerInvariant()) >= 0;

    /// <summary>Whether the value of <paramref name="key"/> must never be shown. Errs towards hiding: a key's path
    /// (<c>ssl.key.location</c>) is hidden with the key itself.</summary>
    public static bool IsSecret(string key)
    {
        foreach (var fragment in SecretFragments)
        {
            if (key.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The settings as <c>key=value</c> pairs sorted by key, secrets replaced by <see cref="Redacted"/>: the
    /// only form in which they are logged.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> properties)
    {
        var keys = properties.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        return keys.Length == 0
            ? "(none)"
            : string.Join(", ", keys.Select(k => k + "=" + (IsSecret(k) ? Redacted : properties[k])));
    }

    /// <summary>The first problem with the settings, naming the key (never the value), or null when they are usable.</summary>
    public static string? Problem(IReadOnlyDictionary<string, string> properties, string section)
    {
        foreach (var (key, value) in properties)
        {
            if (IsReserved(key))
            {
                return $"{section}:{key} is set by the grid itself and cannot be overridden";
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                return $"{section}:{key} is empty";
            }
        }

        return null;
    }
}
