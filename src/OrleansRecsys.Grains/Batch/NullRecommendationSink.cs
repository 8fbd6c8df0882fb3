namespace OrleansRecsys.Grains.Batch;

/// <summary>Publishes nothing: the default where no Kafka producer is configured.</summary>
internal sealed class NullRecommendationSink : IRecommendationSink
{
    public void Publish(PrecomputedRecommendations recommendations)
    {
    }
}
