namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.Interval")]
public sealed record Interval([Id(0)] double Value, [Id(1)] double Low, [Id(2)] double High);
