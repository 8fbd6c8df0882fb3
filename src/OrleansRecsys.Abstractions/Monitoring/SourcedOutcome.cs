namespace OrleansRecsys;

/// <summary>One click, cart or purchase credited to a model version, with the Kafka source (partition in its offset
/// epoch) and offset of the event: the monitor counts an outcome only above its watermark for that source, so an
/// event delivered again after a rewind is not counted twice.</summary>
[GenerateSerializer, Immutable, Alias("recsys.SourcedOutcome")]
public sealed record SourcedOutcome([Id(0)] string Source, [Id(1)] long Offset, [Id(2)] string Version, [Id(3)] InteractionType Type);
