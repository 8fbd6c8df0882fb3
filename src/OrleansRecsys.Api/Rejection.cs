namespace OrleansRecsys.Api;

/// <summary>An entry of an ingest batch that failed validation: its index in the batch, the reason code and a detail.</summary>
public sealed record Rejection(int Index, string Reason, string Detail);
