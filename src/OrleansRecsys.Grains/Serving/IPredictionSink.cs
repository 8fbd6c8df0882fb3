namespace OrleansRecsys.Grains.Serving;

/// <summary>Where ranked responses are logged (the Kafka <c>recsys.predictions</c> topic in a silo).</summary>
public interface IPredictionSink
{
    /// <summary>Takes the record; the sink owns <see cref="RankRequestContext.Rows"/> from here and returns it to the pool.</summary>
    void Log(RankRequestContext context, RankResponse response);
}
