using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// Where each entity's history splits for a feature added by a catalogue version. A grain calls
/// <see cref="Reconcile"/> before it applies anything (live or backfill): the first time it does so under a newer catalogue
/// it records its watermarks as a <see cref="CatalogCutover"/>. Everything at or below them was applied without the new
/// features, everything above them with them, so the split is exact per entity and per source, whatever the order in
/// which silos adopted the version, and it survives a lost activation (the cutover is taken again from the state that
/// storage kept, which is the state the consumer replays onto).
/// </summary>
public static class CatalogCutovers
{
    public static void Reconcile(EntityState state, int catalogVersion)
    {
        if (state.CatalogVersion >= catalogVersion)
        {
            return; // the hot path: one comparison per batch
        }

        if (!state.IsBlank)
        {
            // State from before versions were recorded was built under the first version.
            var cutover = new CatalogCutover
            {
                AfterVersion = Math.Max(state.CatalogVersion, 1),
                UpToVersion = catalogVersion,
                Watermarks = state.CopyWatermarks(),
            };
            state.Cutovers = state.Cutovers is null ? [cutover] : [.. state.Cutovers, cutover];
        }

        state.CatalogVersion = catalogVersion;
    }

    /// <summary>
    /// Whether the event at <paramref name="offset"/> of <paramref name="source"/> was applied to this entity before it
    /// knew the features added by version <paramref name="since"/>: only such events are a backfill's to apply.
    /// </summary>
    internal static bool IsBeforeCutover(EntityState state, int since, string source, long offset)
    {
        foreach (var cutover in state.Cutovers ?? [])
        {
            if (!cutover.Covers(since))
            {
                continue;
            }

            foreach (var watermark in cutover.Watermarks)
            {
                if (string.Equals(watermark.Source, source, StringComparison.Ordinal))
                {
                    return offset <= watermark.Offset;
                }
            }

            return false; // the entity had heard nothing from this source before the cutover
        }

        return false; // blank at the cutover: every event it has came with the new features
    }
}
