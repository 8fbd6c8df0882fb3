namespace OrleansRecsys.Training.Backfill;

/// <summary>What a backfill writes: which features, which events are positive and how much each weighs, where negatives come from.</summary>
/// <param name="Features">The model's input features, in order (a manifest's list or one chosen from the catalogue).</param>
/// <param name="Weights">Positive event types and their row weights; a type that is not here is never a positive.</param>
/// <param name="LabelWindow">How long after a view an action on the same item still makes the view positive (impressions),
/// or how far before a positive its moment may lie (sampled: see <see cref="History.PositiveMoments"/>).</param>
/// <param name="NegativesPerPositive">Sampled: how many random seen items each positive event gets as negatives.</param>
/// <param name="FromMs">Rows are written only for moments at or after this time; earlier events still build state.</param>
/// <param name="UntilMs">Rows are written only for moments before this time (keep a held-out period out of training).</param>
public sealed record BackfillOptions(
    string[] Features,
    IReadOnlyDictionary<InteractionType, double> Weights,
    NegativeSource Negatives = NegativeSource.Impressions,
    TimeSpan? LabelWindow = null,
    int NegativesPerPositive = 4,
    int Seed = 1,
    long FromMs = long.MinValue,
    long UntilMs = long.MaxValue)
{
    /// <summary>Click 1, add to cart 2, purchase 4: the deeper the action, the more a row counts.</summary>
    public static readonly IReadOnlyDictionary<InteractionType, double> DefaultWeights = new Dictionary<InteractionType, double>
    {
        [InteractionType.Click] = 1,
        [InteractionType.AddToCart] = 2,
        [InteractionType.Purchase] = 4,
    };

    public TimeSpan Window => LabelWindow ?? TimeSpan.FromMinutes(30);
}
