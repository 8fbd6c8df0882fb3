namespace OrleansRecsys.Api;

/// <summary>One event that passed the consumer's own parser: its partitioning key (user or item id) and the exact
/// UTF-8 JSON bytes to publish.</summary>
public sealed record ValidatedEvent(string Key, byte[] Value);
