namespace OrleansRecsys;

/// <summary>An applied interaction that names the ranking response that led to it.</summary>
[GenerateSerializer, Immutable, Alias("recsys.AttributedEvent")]
public sealed record AttributedEvent([Id(0)] string RequestId, [Id(1)] InteractionType Type);
