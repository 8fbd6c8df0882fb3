namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.IngestOutcome")]
public sealed record IngestOutcome(ApplyResult[] Items, ApplyResult[] Users);
