namespace OrleansRecsys.Grains.Serving;

/// <summary>What the prediction log needs besides the response: the user, the read time, and the scored rows (candidates × features).</summary>
public sealed record RankRequestContext(string UserId, long AsOfMs, string[] FeatureNames, string[] Candidates, float[]? Rows);
