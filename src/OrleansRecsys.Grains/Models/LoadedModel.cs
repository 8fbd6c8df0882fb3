using OrleansRecsys.Features;
using OrleansRecsys.Inference;
using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Inference.Explanations;

namespace OrleansRecsys.Grains.Models;

/// <summary>A loaded model version: its manifest, the compiled vector builder, the ONNX session and the instances that bound
/// its runs in this silo.</summary>
internal sealed class LoadedModel(ModelManifest manifest, VectorBuilder builder, OnnxScorer scorer, ScoringInstances instances, CoalescingScorer? batcher)
{
    /// <summary>
    /// The first rank requests a freshly loaded session serves in a silo are not judged by guardrails: its warm-up batch
    /// had one shape, and the first real sizes still grow buffers and fill caches, which would count against a new canary.
    /// </summary>
    public const int UnjudgedRequests = 20;

    private long _requests;
    private float[]? _references;
    private InputRanges? _ranges;

    public ModelManifest Manifest { get; } = manifest;
    public VectorBuilder Builder { get; } = builder;
    public OnnxScorer Scorer { get; } = scorer;

    /// <summary>How many runs of the version may be in flight in this silo (Recsys:Grid:ModelInstances), and the queue of
    /// those waiting for one. The batcher's runs go through them too.</summary>
    public ScoringInstances Instances { get; } = instances;

    /// <summary>Each feature's reference value for explanations (<see cref="ReferenceValues.Medians"/>), read from the
    /// manifest on first use; two first uses at once compute the same array, which is harmless.</summary>
    public float[] References => _references ??= ReferenceValues.Medians(Manifest);

    /// <summary>Each input's training range (<see cref="Monitoring.ReferenceRange"/>), read from the manifest on first use, for
    /// the data-quality counts of values outside it.</summary>
    public InputRanges Ranges => _ranges ??= InputRanges.Of(Manifest);

    /// <summary>Set when micro-batching is on (Recsys:Grid:MicroBatchWaitUs &gt; 0).</summary>
    public CoalescingScorer? Batcher { get; } = batcher;

    /// <summary>Counts one rank request served by this session; true once it is past the first <see cref="UnjudgedRequests"/>.</summary>
    public bool CountRequest() => Interlocked.Increment(ref _requests) > UnjudgedRequests;
}
