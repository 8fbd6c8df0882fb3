namespace OrleansRecsys;

/// <summary>An applied interaction that names the ranking response that led to it. The event id lets ingestion count
/// an outcome once even when a grain that lost state applies it again after a rewind.</summary>
[GenerateSerializer, Immutable, Alias("recsys.AttributedEvent")]
public sealed record AttributedEvent([Id(0)] string RequestId, [Id(1)] InteractionType Type, [Id(2)] string EventId);
