namespace OrleansRecsys;

/// <summary>
/// Of the values one model input was served, the shares that were missing (never written) and expired (older than the
/// feature's TTL), both served as the input's default (<see cref="DefaultRate"/> is their sum); not finite and replaced;
/// and outside the training data's range, [<see cref="RangeLow"/>, <see cref="RangeHigh"/>], which is null when the
/// manifest's reference histogram cannot tell one (then nothing is counted outside).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.InputQuality")]
public sealed record InputQuality(
    [Id(0)] string Feature,
    [Id(1)] double MissingRate,
    [Id(2)] double ExpiredRate,
    [Id(3)] double DefaultRate,
    [Id(4)] double NonFiniteRate,
    [Id(5)] double OutOfRangeRate,
    [Id(6)] double? RangeLow,
    [Id(7)] double? RangeHigh);
