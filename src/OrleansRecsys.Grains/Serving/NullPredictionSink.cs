namespace OrleansRecsys.Grains.Serving;

/// <summary>The sink of a grid without a prediction log: responses are not recorded anywhere.</summary>
internal sealed class NullPredictionSink : IPredictionSink
{
    public void Log(RankRequestContext context, RankResponse response)
    {
        if (context.Rows is { } rows)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rows);
        }
    }
}
