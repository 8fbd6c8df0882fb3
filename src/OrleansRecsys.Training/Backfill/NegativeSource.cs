namespace OrleansRecsys.Training.Backfill;

/// <summary>Where a backfill's negative rows come from.</summary>
public enum NegativeSource
{
    /// <summary>Every view is a row, positive when the user acted on the item within the label window after it.</summary>
    Impressions,

    /// <summary>Every positive event is a row, plus items drawn at random from those already seen, labelled 0.</summary>
    Sampled,
}
