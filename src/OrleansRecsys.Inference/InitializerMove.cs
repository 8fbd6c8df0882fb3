namespace OrleansRecsys.Inference;

/// <summary>
/// One initializer whose raw data moves from the model file to the side file, at <paramref name="DataOffset"/>: where its
/// field (<paramref name="TagStart"/> to <paramref name="PayloadEnd"/>) and its raw_data field
/// (<paramref name="RawFieldStart"/>, payload at <paramref name="RawPayloadStart"/>) are in the source file, and the
/// external-data reference (<paramref name="Reference"/>: location, offset, length, data_location) that replaces it.
/// </summary>
internal sealed record InitializerMove(
    long TagStart,
    long PayloadStart,
    long PayloadEnd,
    long RawFieldStart,
    long RawPayloadStart,
    long RawLength,
    long DataOffset,
    byte[] Reference)
{
    /// <summary>The tensor's payload length once its raw_data field is replaced by the reference.</summary>
    public long NewLength => PayloadEnd - PayloadStart - (RawPayloadStart + RawLength - RawFieldStart) + Reference.Length;

    public long RawEnd => RawPayloadStart + RawLength;
}
