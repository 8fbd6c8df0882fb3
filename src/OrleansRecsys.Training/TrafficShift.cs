namespace OrleansRecsys.Training;

/// <summary>
/// A departure of the synthetic world from its steady state, so that drift can be made to appear on purpose (and to go
/// away when the shift is removed).
/// </summary>
public enum TrafficShift
{
    /// <summary>The steady world the demo model was trained on.</summary>
    None,

    /// <summary>Every item costs 2.5 times its usual price (moves <c>item_price</c> and <c>ui_price_to_user_avg</c>).</summary>
    Price,

    /// <summary>Half the sessions come from users the grid has never seen (moves the <c>user_*</c> inputs).</summary>
    Cohort,

    /// <summary>Most browsing goes to one category (moves the item counters and <c>ui_category_affinity</c>).</summary>
    Category,
}
