namespace OrleansRecsys.Grains.Serving;

/// <summary>What the prediction log needs besides the response: the user, the read time, and the scored rows (candidates × features).
/// <see cref="Rows"/>, when present, is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and may be longer than
/// the rows; the sink that takes the context owns it and returns it once written (or dropped). <see cref="TraceId"/> is the
/// request's trace (32 hex digits) when it was traced, so a logged prediction can be found in the trace store.
/// <see cref="Context"/> is the request's context, logged so that training sees what the model saw.</summary>
public sealed record RankRequestContext(string UserId, long AsOfMs, string[] FeatureNames, string[] Candidates, float[]? Rows, string? TraceId = null,
    ServingContext? Context = null);
