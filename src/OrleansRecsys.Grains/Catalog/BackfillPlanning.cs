using OrleansRecsys.Features;

namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// Checks a backfill request before anything runs: the version must be one this grid serves and must add features a
/// backfill computes, and every active silo must already serve it. The last rule is what makes the cutover exact: once
/// every silo runs the version, every event live ingestion applies reaches its grains with the new features, so what the
/// backfill must cover is exactly what lies at or below each grain's cutover.
/// </summary>
internal static class BackfillPlanning
{
    public static async Task<BackfillPlan> PlanAsync(BackfillRequest request, FeatureCatalog catalog, IGrainFactory grains, IInteractionLog log)
    {
        var version = request.Version ?? catalog.Version;
        if (version < 1 || version > catalog.Version)
        {
            return BackfillPlan.Refused(BackfillStartOutcome.Invalid, $"version: catalogue version {version} is not served; the running version is {catalog.Version}");
        }

        if (version == 1)
        {
            return BackfillPlan.Refused(BackfillStartOutcome.NothingToBackfill,
                "catalogue version 1 is the first: its features were computed from every event as it arrived");
        }

        if (request.From is { } from && request.To is { } to && from >= to)
        {
            return BackfillPlan.Refused(BackfillStartOutcome.Invalid, "from: must be before to");
        }

        var features = catalog.AddedBy(EntityKind.User, version).Concat(catalog.AddedBy(EntityKind.Item, version)).Select(f => f.Name).ToArray();
        if (features.Length == 0)
        {
            return BackfillPlan.Refused(BackfillStartOutcome.NothingToBackfill,
                $"catalogue version {version} adds no user or item aggregation fed by {Topics.Interactions} (features declare it with since: {version})");
        }

        if (await SiloBehindAsync(grains, version) is { } behind)
        {
            return BackfillPlan.Refused(BackfillStartOutcome.SilosBehind, behind);
        }

        try
        {
            return new BackfillPlan(BackfillStartOutcome.Started, null, version, features, await log.PlanAsync(request.From, request.To, CancellationToken.None));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            return BackfillPlan.Refused(BackfillStartOutcome.Invalid, ex.Message);
        }
    }

    /// <summary>The first active silo that does not report serving <paramref name="version"/> or later, as a message.</summary>
    private static async Task<string?> SiloBehindAsync(IGrainFactory grains, int version)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var reports = (await grains.GetGrain<IFeatureCatalogGrain>(0).GetStatusAsync()).Silos.ToDictionary(s => s.Silo, s => s.Version, StringComparer.Ordinal);
        foreach (var silo in hosts.Keys.Select(s => s.ToString()))
        {
            var served = reports.GetValueOrDefault(silo);
            if (served < version)
            {
                return served == 0
                    ? $"silo {silo} has not reported its catalogue version yet; try again in a few seconds"
                    : $"silo {silo} still serves catalogue version {served}; wait until every silo serves {version}";
            }
        }

        return null;
    }
}
