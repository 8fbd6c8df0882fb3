namespace OrleansRecsys;

/// <summary>The apply results of one <see cref="IngestWork"/>, in its item and user order.</summary>
[GenerateSerializer, Immutable, Alias("recsys.IngestOutcome")]
internal sealed record IngestOutcome(ApplyResult[] Items, ApplyResult[] Users);
