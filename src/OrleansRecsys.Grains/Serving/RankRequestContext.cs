namespace OrleansRecsys.Grains.Serving;

/// <summary>What the prediction log needs besides the response: the user, the read time, and the scored rows (candidates × features).
/// <see cref="Rows"/>, when present, is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and may be longer than
/// the rows; the sink that takes the context owns it and returns it once written (or dropped).</summary>
/// <see cref="Context"/> is the request's context, logged so that training sees what the model saw.
public sealed record RankRequestContext(string UserId, long AsOfMs, string[] FeatureNames, string[] Candidates, float[]? Rows, ServingContext? Context = null);
