namespace OrleansRecsys.Api;

/// <summary>A serving call's answer or its refusal, never both (refusals are values, not exceptions, on the request path).</summary>
public readonly record struct ServingOutcome<T>(T? Value, ServingFailure? Failure)
    where T : class
{
    public static implicit operator ServingOutcome<T>(T value) => new(value, null);

    public static implicit operator ServingOutcome<T>(ServingFailure failure) => new(null, failure);
}
