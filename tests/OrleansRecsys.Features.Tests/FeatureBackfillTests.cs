using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

/// <summary>
/// The online backfill's exactly-once rule, on plain state: a catalogue version adds a user and an item feature while
/// events keep arriving; the backfill replays the whole log, in chunks, racing live batches, partly twice. The new
/// features must end equal to a grid that ran the new version from the start, and the old features must not move.
/// </summary>
public sealed class FeatureBackfillTests
{
    private const string V1 = """
        {"version":1,"features":[
          {"name":"user_events","entity":"user","agg":"count"},
          {"name":"item_events","entity":"item","agg":"count"}]}
        """;

    private const string V2 = """
        {"version":2,"features":[
          {"name":"user_events","entity":"user","agg":"count"},
          {"name":"item_events","entity":"item","agg":"count"},
          {"name":"user_clicks_v2","entity":"user","agg":"count","eventTypes":["click"],"since":2},
          {"name":"item_clicks_v2","entity":"item","agg":"count","eventTypes":["click"],"since":2}]}
        """;

    private static readonly Deduplication Day = new(24 * 3_600_000L, 100_000);

    [Fact]
    public void A_backfill_racing_live_ingestion_gives_the_new_features_exactly_what_a_grid_on_the_new_version_from_the_start_has()
    {
        var log = Log(300, seed: 7);
        var live = new Grid(FeatureCatalog.Parse(V1));
        live.Ingest(log[..180]);
        live.Catalog.Adopt(FeatureCatalog.Parse(V2));

        // Live batches and backfill chunks interleave; one chunk is replayed twice, as a resumed backfill would.
        live.Ingest(log[180..220]);
        live.Backfill("bf-1", log[..100]);
        live.Ingest(log[220..260]);
        live.Backfill("bf-1", log[50..200]);
        live.Backfill("bf-1", log[200..260]);
        live.Ingest(log[260..]);
        live.Backfill("bf-1", log[250..]);

        var reference = new Grid(FeatureCatalog.Parse(V2));
        reference.Ingest(log);
        foreach (var name in new[] { "user_clicks_v2", "user_events" })
        {
            Assert.Equal(reference.Users("u", name), live.Users("u", name));
        }

        foreach (var name in new[] { "item_clicks_v2", "item_events" })
        {
            Assert.Equal(reference.Items(name), live.Items(name));
        }
    }

    [Fact]
    public void A_re_sent_copy_counts_once_for_the_new_feature_as_it_did_for_the_old_ones()
    {
        SourcedEvent[] log = [Click(0, "a", "u1", "i1"), Click(1, "b", "u1", "i2"), Click(2, "a", "u1", "i1")];
        var live = new Grid(FeatureCatalog.Parse(V1));
        live.Ingest(log);
        live.Catalog.Adopt(FeatureCatalog.Parse(V2));

        live.Backfill("bf-1", log);

        Assert.Equal(2, live.User("u1").Cells["user_events"].Value);
        Assert.Equal(2, live.User("u1").Cells["user_clicks_v2"].Value);
        Assert.Equal(1, live.Item("i1").Cells["item_clicks_v2"].Value);
    }

    [Fact]
    public void Events_live_ingestion_applied_under_the_new_version_are_left_to_it()
    {
        SourcedEvent[] log = [Click(0, "a", "u1", "i1"), Click(1, "b", "u1", "i1")];
        var live = new Grid(FeatureCatalog.Parse(V2));
        live.Ingest(log);

        var outcome = live.Backfill("bf-1", log);

        Assert.Equal(0, outcome);
        Assert.Equal(2, live.User("u1").Cells["user_clicks_v2"].Value);
    }

    [Fact]
    public void An_entity_records_its_cutover_once_when_it_first_applies_under_a_newer_version()
    {
        var user = new EntityState();
        BatchApplier.Apply(user, new ApplyBatch([Click(5, "a", "u1", "i1")], []), (_, _) => { });

        CatalogCutovers.Reconcile(user, 3);
        CatalogCutovers.Reconcile(user, 3);

        var cutover = Assert.Single(user.Cutovers!);
        Assert.Equal((1, 3, 5L), (cutover.AfterVersion, cutover.UpToVersion, Assert.Single(cutover.Watermarks).Offset));
        Assert.Equal(3, user.Clone().CatalogVersion);
    }

    private static SourcedEvent[] Log(int count, int seed)
    {
        var rng = new Random(seed);
        var log = new List<SourcedEvent>();
        for (var offset = 0; log.Count < count; offset++)
        {
            // one in ten is a re-sent copy of an earlier event, at a new offset
            var copyOf = log.Count > 10 && rng.Next(10) == 0 ? log[rng.Next(log.Count)].Interaction : null;
            var interaction = copyOf ?? new Interaction($"e{offset}", $"u{rng.Next(5)}", $"i{rng.Next(8)}", (InteractionType)rng.Next(4), 1_000L * offset, 0, null);
            log.Add(new SourcedEvent("t/0", offset, interaction, null));
        }

        return log.ToArray();
    }

    private static SourcedEvent Click(long offset, string eventId, string user, string item) =>
        new("t/0", offset, new Interaction(eventId, user, item, InteractionType.Click, 1000 + offset, 0, null), null);

    /// <summary>Users and items as grains hold them, applied the way the grains apply live batches and backfill batches.</summary>
    private sealed class Grid(FeatureCatalog catalog)
    {
        private readonly Dictionary<string, EntityState> _users = [];
        private readonly Dictionary<string, EntityState> _items = [];
        private readonly FeatureEngine _engine = new(catalog);

        public FeatureCatalog Catalog => catalog;

        public EntityState User(string id) => _users[id];

        public EntityState Item(string id) => _items[id];

        public void Ingest(SourcedEvent[] events)
        {
            var suppressed = new HashSet<long>();
            foreach (var group in events.GroupBy(e => e.Interaction!.UserId))
            {
                var user = Reconciled(_users, group.Key);
                var outcome = BatchApplier.Apply(user, new ApplyBatch(group.ToArray(), []), (s, e) => _engine.ApplyUser(s, e.Interaction!), Day);
                suppressed.UnionWith(group.Where((_, i) => outcome.Verdicts![i] is EventVerdict.Duplicate or EventVerdict.OutsideHorizon).Select(e => e.Offset));
            }

            foreach (var group in events.GroupBy(e => e.Interaction!.ItemId))
            {
                var item = Reconciled(_items, group.Key);
                var batch = new ApplyBatch(group.ToArray(), [], group.Select(e => suppressed.Contains(e.Offset)).ToArray());
                BatchApplier.Apply(item, batch, (s, e) => _engine.ApplyItem(s, e.Interaction!));
            }
        }

        public int Backfill(string id, SourcedEvent[] events)
        {
            var applied = 0;
            var notCounted = new HashSet<long>();
            foreach (var group in events.GroupBy(e => e.Interaction!.UserId))
            {
                var outcome = FeatureBackfill.ApplyUser(Reconciled(_users, group.Key), new BackfillBatch(id, 2, group.ToArray()), _engine, Day);
                notCounted.UnionWith(group.Where((_, i) => !outcome.Counted![i]).Select(e => e.Offset));
                applied += outcome.Applied;
            }

            foreach (var group in events.GroupBy(e => e.Interaction!.ItemId))
            {
                var batch = new BackfillBatch(id, 2, group.ToArray(), group.Select(e => notCounted.Contains(e.Offset)).ToArray());
                applied += FeatureBackfill.ApplyItem(Reconciled(_items, group.Key), batch, _engine).Applied;
            }

            return applied;
        }

        public Dictionary<string, double> Users(string prefix, string feature) =>
            _users.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value.Cells.GetValueOrDefault(feature).Value);

        public Dictionary<string, double> Items(string feature) => _items.ToDictionary(kv => kv.Key, kv => kv.Value.Cells.GetValueOrDefault(feature).Value);

        private EntityState Reconciled(Dictionary<string, EntityState> states, string id)
        {
            if (!states.TryGetValue(id, out var state))
            {
                states[id] = state = new EntityState();
            }

            CatalogCutovers.Reconcile(state, catalog.Version);
            return state;
        }
    }
}
