namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.Interval")]
public sealed record Interval(double Value, double Low, double High);
