namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// One partition of the interaction log as a backfill replays it: offsets [<see cref="Start"/>, <see cref="End"/>), under
/// the name feature state keys the partition's watermarks by (<see cref="Source"/>, with its offset epoch). Records whose
/// message time lies outside [<see cref="FromMs"/>, <see cref="ToMs"/>) are read past, not replayed.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.LogRange")]
internal sealed record LogRange(
    [Id(0)] int Partition, [Id(1)] string Source, [Id(2)] long Start, [Id(3)] long End, [Id(4)] long? FromMs = null, [Id(5)] long? ToMs = null)
{
    public long Count => Math.Max(0, End - Start);

    /// <summary>Whether a record with this message time is in the requested range.</summary>
    public bool Includes(long timestampMs) => (FromMs is not { } from || timestampMs >= from) && (ToMs is not { } to || timestampMs < to);
}
