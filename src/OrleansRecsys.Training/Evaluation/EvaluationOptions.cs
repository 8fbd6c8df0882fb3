namespace OrleansRecsys.Training.Evaluation;

/// <summary>How held-out cases are drawn from history.</summary>
/// <param name="TestFromMs">Events at or after this time are held out; earlier ones only build feature state.</param>
/// <param name="K">The cut-off of HR@K and NDCG@K.</param>
/// <param name="Negatives">Items the user had not touched, drawn from those already seen, ranked against each positive.</param>
/// <param name="PositiveTypes">Event types that make a held-out case.</param>
/// <param name="LabelWindow">How far before a positive the impression that led to it may lie (its moment).</param>
public sealed record EvaluationOptions(long TestFromMs, int K = 10, int Negatives = 99, int Seed = 1, IReadOnlySet<InteractionType>? PositiveTypes = null,
    TimeSpan? LabelWindow = null)
{
    public TimeSpan Window => LabelWindow ?? TimeSpan.FromMinutes(30);

    public IReadOnlySet<InteractionType> Positives => PositiveTypes ?? new HashSet<InteractionType> { InteractionType.Click, InteractionType.AddToCart, InteractionType.Purchase };
}
