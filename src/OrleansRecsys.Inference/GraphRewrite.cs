namespace OrleansRecsys.Inference;

/// <summary>A graph field of the model (key at <paramref name="TagStart"/>, payload from <paramref name="PayloadStart"/>)
/// whose initializers <paramref name="Moves"/> leave the file, and the payload length it has once they have.</summary>
internal sealed record GraphRewrite(long TagStart, long PayloadStart, long NewLength, IReadOnlyList<InitializerMove> Moves);
