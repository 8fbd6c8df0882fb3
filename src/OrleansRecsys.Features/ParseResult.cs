namespace OrleansRecsys.Features;

/// <summary>The outcome of parsing one message: a value, or a reason code and a human-readable detail.</summary>
public readonly record struct ParseResult<T>(T? Value, string? Reason, string? Detail)
    where T : class
{
    public bool Ok => Value is not null;

    /// <summary>What the message showed of a schema the grid does not know, whether it was accepted or refused.</summary>
    public SchemaChanges SchemaChanges { get; init; }

    internal static ParseResult<T> Success(T value) => new(value, null, null);

    internal static ParseResult<T> Fail(string reason, string detail) => new(null, reason, detail);

    internal static ParseResult<T> Fail(FieldError error) => new(null, error.Reason, error.Detail);
}
