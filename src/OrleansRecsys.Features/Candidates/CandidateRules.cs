namespace OrleansRecsys.Features.Candidates;

/// <summary>
/// <see cref="CandidateOptions"/> checked against the catalogue and turned into what the hot paths compare: event-type
/// masks, the window in milliseconds and the recent-items feature. Built once per silo (and once per offline run).
/// </summary>
public sealed class CandidateRules
{
    public CandidateRules(FeatureCatalog catalog, CandidateOptions options)
    {
        if (Check(catalog, options) is { } problem)
        {
            throw new CatalogException(problem);
        }

        Catalog = catalog;
        Options = options;
        RecentItems = catalog.UserFeatures.First(f => f.Name == options.RecentItemsFeature);
        SeenTypes = Mask(options.ExcludeSeen.EffectiveEventTypes);
        CoVisitTypes = Mask(options.CoVisitation.EffectiveEventTypes);
        CoVisitWindowMs = options.CoVisitation.WindowMinutes * 60_000L;
    }

    public FeatureCatalog Catalog { get; }

    public CandidateOptions Options { get; }

    /// <summary>The user's recent distinct items, each with the interaction types seen with it.</summary>
    public FeatureDefinition RecentItems { get; }

    /// <summary>One bit per <see cref="InteractionType"/> that makes an item seen (excluded from recommend).</summary>
    public byte SeenTypes { get; }

    /// <summary>One bit per <see cref="InteractionType"/> that makes co-visits.</summary>
    public byte CoVisitTypes { get; }

    public long CoVisitWindowMs { get; }

    /// <summary>What is wrong with the options for this catalogue, naming the configuration key; null when nothing is.</summary>
    public static string? Check(FeatureCatalog catalog, CandidateOptions options)
    {
        var recent = catalog.UserFeatures.FirstOrDefault(f => f.Name == options.RecentItemsFeature);
        if (recent is null || recent.Aggregation != AggregationKind.LastNDistinct || recent.Key != "itemId" || recent.EventTypeMask != 0)
        {
            return $"{CandidateOptions.Section}:RecentItemsFeature '{options.RecentItemsFeature}' must name a user feature of the catalogue with " +
                "\"agg\": \"last_n_distinct\", \"key\": \"itemId\" and no event-type filter.";
        }

        return CheckTypes(options.ExcludeSeen.EffectiveEventTypes, "ExcludeSeen:EventTypes") ?? CheckTypes(options.CoVisitation.EffectiveEventTypes, "CoVisitation:EventTypes");
    }

    private static string? CheckTypes(string[] names, string key)
    {
        foreach (var name in names)
        {
            if (!EventParser.TryType(name, out _))
            {
                return $"{CandidateOptions.Section}:{key} holds '{name}'; event types are view, click, add_to_cart and purchase.";
            }
        }

        return null;
    }

    private static byte Mask(string[] names)
    {
        byte mask = 0;
        foreach (var name in names)
        {
            EventParser.TryType(name, out var type);
            mask |= Bit(type);
        }

        return mask;
    }

    public static byte Bit(InteractionType type) => (byte)(1 << (int)type);
}
