using System.Text.Json;
using OrleansRecsys.Grains.Batch;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Publishes each precomputed list to <c>recsys.recommendations</c> as one JSON record keyed by user id, for systems that
/// deliver recommendations outside the grid (e-mail, push). The real user id is the key: those systems must address the
/// user, unlike the prediction log, which training reads and which therefore carries pseudonyms.
/// </summary>
internal sealed class RecommendationPublisher(EventPublisher publisher) : IRecommendationSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Publish(PrecomputedRecommendations recommendations) =>
        publisher.ProduceRecommendation(recommendations.UserId, JsonSerializer.SerializeToUtf8Bytes(recommendations, Json));
}
