namespace OrleansRecsys;

/// <summary>
/// A rank or recommend request named a model that was never registered: a caller's mistake (a typo, a model not
/// registered yet), not a fallback, so there is no answer to give. The HTTP API answers 404 naming the model; the
/// typed client throws this. A registered model without a servable version is not this: it falls back
/// (<see cref="FallbackReasons.NoModel"/>). It derives from <see cref="OrleansException"/> so Orleans passes it on
/// unwrapped.
/// </summary>
[GenerateSerializer, Alias("recsys.UnknownModelException")]
public sealed class UnknownModelException : OrleansException
{
    public UnknownModelException()
    {
    }

    public UnknownModelException(string model)
        : base(MessageFor(model)) => Model = model;

    /// <summary>The model name the request gave.</summary>
    [Id(0)]
    public string Model { get; init; } = "";

    public static string MessageFor(string model) => $"model '{model}' is not registered; register a version first, or check the name";
}
