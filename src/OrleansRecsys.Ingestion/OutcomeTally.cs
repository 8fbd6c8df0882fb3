namespace OrleansRecsys.Ingestion;

/// <summary>Clicks, carts and purchases attributed to the model version whose ranking led to them, counted since
/// the last checkpoint and sent to each model's monitor there.</summary>
internal sealed class OutcomeTally
{
    private readonly Dictionary<(string Model, string Version), (long Clicks, long Carts, long Purchases)> _counts = new();

    /// <summary>Counts an applied interaction against the model version named by its request id (others are ignored).</summary>
    public void Count(AttributedEvent e)
    {
        if (!RequestIds.TryParse(e.RequestId, out var model, out var version))
        {
            return;
        }

        var (clicks, carts, purchases) = _counts.GetValueOrDefault((model, version));
        _counts[(model, version)] = e.Type switch
        {
            InteractionType.Click => (clicks + 1, carts, purchases),
            InteractionType.AddToCart => (clicks, carts + 1, purchases),
            InteractionType.Purchase => (clicks, carts, purchases + 1),
            _ => (clicks, carts, purchases),
        };
    }

    /// <summary>The counts per model (one delta per version), and starts afresh.</summary>
    public Dictionary<string, OutcomeDelta[]> Take()
    {
        var result = _counts.GroupBy(kv => kv.Key.Model, StringComparer.Ordinal)
            .ToDictionary(
                byModel => byModel.Key,
                byModel => byModel.Select(kv => new OutcomeDelta(kv.Key.Version, kv.Value.Clicks, kv.Value.Carts, kv.Value.Purchases)).ToArray(),
                StringComparer.Ordinal);
        _counts.Clear();
        return result;
    }
}
