namespace OrleansRecsys.Grains.Batch;

/// <summary>Where precomputed recommendations go besides their grain (the Kafka topic <c>recsys.recommendations</c> in a silo).</summary>
public interface IRecommendationSink
{
    /// <summary>Best effort: a full queue or an unreachable broker drops the record (the grain holds the list either way).</summary>
    void Publish(PrecomputedRecommendations recommendations);
}
