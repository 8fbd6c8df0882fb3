namespace OrleansRecsys.Features.State;

/// <summary>What a feature grain decided about one event of a batch.</summary>
public enum EventVerdict : byte
{
    /// <summary>New: applied now.</summary>
    Applied,

    /// <summary>At or below the grain's watermark for its source, and it was applied when first seen: a replay after a
    /// rewind or restart. Item features count it unless their own watermark already covers it.</summary>
    Replayed,

    /// <summary>Its event id was already applied (at another offset): a re-sent copy. Changes nothing anywhere.</summary>
    Duplicate,

    /// <summary>Older than the de-duplication horizon allows checking: refused, and sent to the dead-letter topic so
    /// that nothing is lost silently.</summary>
    OutsideHorizon,
}
