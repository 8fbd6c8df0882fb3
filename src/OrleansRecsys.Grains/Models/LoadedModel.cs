using OrleansRecsys.Features;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Grains.Models;

/// <summary>A loaded model version: its manifest, the compiled vector builder and the ONNX session.</summary>
internal sealed class LoadedModel(ModelManifest manifest, VectorBuilder builder, OnnxScorer scorer, CoalescingScorer? batcher)
{
    public ModelManifest Manifest { get; } = manifest;
    public VectorBuilder Builder { get; } = builder;
    public OnnxScorer Scorer { get; } = scorer;

    /// <summary>Set when micro-batching is on (Recsys:Grid:MicroBatchWaitUs &gt; 0).</summary>
    public CoalescingScorer? Batcher { get; } = batcher;
}
