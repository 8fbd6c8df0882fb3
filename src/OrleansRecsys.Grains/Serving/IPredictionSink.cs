namespace OrleansRecsys.Grains.Serving;

/// <summary>Where ranked responses are logged (the Kafka <c>recsys.predictions</c> topic in a silo).</summary>
public interface IPredictionSink
{
    void Log(RankRequestContext context, RankResponse response);
}
