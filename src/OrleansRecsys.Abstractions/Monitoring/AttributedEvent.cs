namespace OrleansRecsys;

/// <summary>An interaction that names the ranking response that led to it, as its user grain decided it: applied now, or
/// replayed at the very offset where it was first applied. The source and offset let the model's monitor count it once
/// however often a rewind delivers it again.</summary>
[GenerateSerializer, Immutable, Alias("recsys.AttributedEvent")]
public sealed record AttributedEvent([Id(0)] string RequestId, [Id(1)] InteractionType Type, [Id(2)] string EventId, [Id(3)] string Source, [Id(4)] long Offset);
