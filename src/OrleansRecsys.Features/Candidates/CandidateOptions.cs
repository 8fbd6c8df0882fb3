using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Features.Candidates;

/// <summary>
/// Options under <c>Recsys:Candidates</c>: how recommend (online and in batch runs) gathers the items it ranks, and how
/// co-visitation is kept from the event stream. A plain class, so offline evaluation uses the same values as the grid.
/// </summary>
public sealed class CandidateOptions
{
    public const string Section = "Recsys:Candidates";

    /// <summary>The user feature (a <c>last_n_distinct</c> list over <c>itemId</c> for every event type) that holds the
    /// user's recent items: what is excluded as seen and where co-visitation starts from.</summary>
    [Required(ErrorMessage = Section + ":RecentItemsFeature is required.")]
    public string RecentItemsFeature { get; set; } = "user_recent_items";

    public ExcludeSeenOptions ExcludeSeen { get; set; } = new();

    public CoVisitationOptions CoVisitation { get; set; } = new();

    public QuotaOptions Quotas { get; set; } = new();

    /// <summary>How many of the user's strongest categories contribute their popular items.</summary>
    [Range(0, 32, ErrorMessage = Section + ":TopCategories must be between {1} and {2}.")]
    public int TopCategories { get; set; } = 3;

    /// <summary>Items the user already interacted with are not recommended again, by event type.</summary>
    public sealed class ExcludeSeenOptions
    {
        /// <summary>Event types (<c>view</c>, <c>click</c>, <c>add_to_cart</c>, <c>purchase</c>) that make an item seen;
        /// unset, <see cref="DefaultEventTypes"/>. (Null rather than a default array: configuration binding appends to an
        /// array it finds, so a configured list would be added to the default instead of replacing it.)</summary>
        public string[]? EventTypes { get; set; }

        public static readonly string[] DefaultEventTypes = ["click", "add_to_cart", "purchase"];

        public string[] EffectiveEventTypes => EventTypes ?? DefaultEventTypes;
    }

    /// <summary>Item-to-item co-visitation: items the same user interacted with within a window of each other.</summary>
    public sealed class CoVisitationOptions
    {
        /// <summary>How close in event time two interactions of a user must be to count as a co-visit.</summary>
        [Range(1, 7 * 24 * 60, ErrorMessage = Section + ":CoVisitation:WindowMinutes must be between {1} and {2}.")]
        public int WindowMinutes { get; set; } = 30;

        /// <summary>How many co-visited items each item keeps (a space-saving sketch of this many counters).</summary>
        [Range(1, 256, ErrorMessage = Section + ":CoVisitation:TopN must be between {1} and {2}.")]
        public int TopN { get; set; } = 20;

        /// <summary>At most this many of the user's earlier items are paired with each new event (the most recent first).</summary>
        [Range(1, 50, ErrorMessage = Section + ":CoVisitation:MaxPairsPerEvent must be between {1} and {2}.")]
        public int MaxPairsPerEvent { get; set; } = 10;

        /// <summary>How many of the user's most recent items recommend reads co-visits from.</summary>
        [Range(1, 50, ErrorMessage = Section + ":CoVisitation:FromRecentItems must be between {1} and {2}.")]
        public int FromRecentItems { get; set; } = 5;

        /// <summary>Event types that make co-visits; unset, all four.</summary>
        public string[]? EventTypes { get; set; }

        public static readonly string[] DefaultEventTypes = ["view", "click", "add_to_cart", "purchase"];

        public string[] EffectiveEventTypes => EventTypes ?? DefaultEventTypes;
    }

    /// <summary>At most how many candidates each source contributes, in the order co-visitation, category, popular.</summary>
    public sealed class QuotaOptions
    {
        [Range(0, RequestLimits.MaxCandidates, ErrorMessage = Section + ":Quotas:CoVisitation must be between {1} and {2}.")]
        public int CoVisitation { get; set; } = 100;

        [Range(0, RequestLimits.MaxCandidates, ErrorMessage = Section + ":Quotas:Category must be between {1} and {2}.")]
        public int Category { get; set; } = 300;

        [Range(0, RequestLimits.MaxCandidates, ErrorMessage = Section + ":Quotas:Popular must be between {1} and {2}.")]
        public int Popular { get; set; } = 200;
    }
}
