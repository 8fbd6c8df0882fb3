using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests.Candidates;

/// <summary>
/// A hand-built stream applied as the grid applies it: the user's co-items decided on its state just before each event,
/// then the user and the item updated, the item counting the co-items. Popular lists are given by the test.
/// </summary>
internal sealed class CandidateWorld(CandidateOptions? options = null) : ICandidateSources
{
    public const long T0 = 1_800_000_000_000;

    private readonly FeatureEngine _engine = new(FeatureEngineTests.Catalog);
    private long _sequence;

    public CandidateRules Rules { get; } = new(FeatureEngineTests.Catalog, options ?? new CandidateOptions());

    public Dictionary<string, EntityState> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EntityState> Items { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string[]> Popular { get; } = new(StringComparer.Ordinal);

    public EntityState User(string id) => Users.TryGetValue(id, out var user) ? user : Users[id] = new EntityState();

    public EntityState Item(string id) => Items.TryGetValue(id, out var item) ? item : Items[id] = new EntityState();

    /// <summary>Applies one interaction at <paramref name="minute"/> minutes after <see cref="T0"/>.</summary>
    public void Apply(string userId, string itemId, InteractionType type, double minute, string? category = null)
    {
        var e = new Interaction($"e{_sequence++}", userId, itemId, type, T0 + (long)(minute * 60_000), 0, null, category);
        var user = User(userId);
        var coItems = CoVisitation.CoItemsBefore(Rules, user, e);
        _engine.ApplyUser(user, e);
        var item = Item(itemId);
        _engine.ApplyItem(item, e);
        if (coItems is not null)
        {
            CoVisitation.Count(Rules, item, coItems);
        }
    }

    public (string ItemId, int Count)[] CoVisits(string itemId, int n = 100) => Item(itemId).CoVisits?.Top(n) ?? [];

    public ValueTask<PopularityEntry[]> PopularAsync(string key, int n) =>
        ValueTask.FromResult((Popular.GetValueOrDefault(key) ?? []).Take(n).Select((id, rank) => new PopularityEntry(id, 1000 - rank, T0)).ToArray());

    public ValueTask<CoVisitSketch?[]> CoVisitsAsync(string[] itemIds) => ValueTask.FromResult(Array.ConvertAll(itemIds, id => Item(id).CoVisits));
}
