namespace OrleansRecsys;

/// <summary>
/// A request's context names a key the catalogue does not declare as a context feature, or gives a value of the wrong
/// type: the caller's mistake, refused before anything is scored. The HTTP API answers 400 naming <see cref="Field"/>
/// (<c>context.KEY</c>); the typed client throws this. It derives from <see cref="OrleansException"/> so Orleans passes it
/// on unwrapped.
/// </summary>
[GenerateSerializer, Alias("recsys.InvalidContextException")]
public sealed class InvalidContextException : OrleansException
{
    public InvalidContextException()
    {
    }

    public InvalidContextException(string field, string message)
        : base(message) => Field = field;

    /// <summary>The JSON path of the refused entry, <c>context.KEY</c>.</summary>
    [Id(0)]
    public string Field { get; init; } = "";
}
