namespace OrleansRecsys;

/// <summary>
/// What a rank or recommend request says about itself (device, hour, page, query, locale...): the values of the catalogue's
/// context features, strings in <see cref="Labels"/> and numbers in <see cref="Numbers"/>, keyed by feature name. The one
/// vector builder reads them next to the user's and items' stored features.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ServingContext")]
public sealed record ServingContext([Id(0)] Dictionary<string, string> Labels, [Id(1)] Dictionary<string, double> Numbers)
{
    public int Count => Labels.Count + Numbers.Count;
}
