using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Counts item categories the grid sees for the first time (<see cref="SchemaChangeKinds.NewCategory"/>). The silo remembers
/// the categories it has already checked, so the registry grain is asked only about categories new to this silo; the
/// registry decides whether they are new to the grid, and the silo that asked first counts them. Best effort: a failed
/// call is retried with the category's next upsert and never holds ingestion back.
/// </summary>
internal sealed class CategoryWatch(IGrainFactory grains, RecsysMetrics metrics, ILogger logger)
{
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);

    public async Task ObserveAsync(IReadOnlyCollection<string> categories)
    {
        var unseen = new List<string>();
        foreach (var category in categories)
        {
            if (!_checked.Contains(category))
            {
                unseen.Add(category);
            }
        }

        if (unseen.Count == 0)
        {
            return;
        }

        try
        {
            var added = await grains.GetGrain<ICategoryRegistryGrain>(0).AdmitAsync([.. unseen]);
            metrics.SchemaChanges.Add(added, new KeyValuePair<string, object?>("kind", SchemaChangeKinds.NewCategory),
                new KeyValuePair<string, object?>("topic", Topics.Items));
            // Bounded like the registry: past its capacity nothing more is counted, so nothing more needs remembering.
            if (_checked.Count < Grains.Features.CategoryRegistryGrain.Capacity)
            {
                _checked.UnionWith(unseen);
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Checking {Count} categories against the registry failed; they are checked again with their next upsert", unseen.Count);
        }
    }
}
