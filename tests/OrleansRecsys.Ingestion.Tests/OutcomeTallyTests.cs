using System.Diagnostics.Metrics;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>Attribution on ingestion: only ids the grid signed count, for the user they were issued to, held once per
/// source offset until the monitors took them. (The tests share the process-wide meter name, so they run one at a time
/// in this class.)</summary>
public sealed class OutcomeTallyTests : IDisposable
{
    private readonly RequestIdSigner _signer = RequestIdSigner.WithRandomKey();
    private readonly RecsysMetrics _metrics = new();

    public void Dispose() => _metrics.Dispose();

    private OutcomeTally Tally() => new(_signer, _metrics);

    private const string Source = "recsys.interactions/0@0";
    private static long _offset;

    private static AttributedEvent Click(string requestId, string eventId) => Outcome(requestId, InteractionType.Click, eventId, Interlocked.Increment(ref _offset));

    private static AttributedEvent Outcome(string requestId, InteractionType type, string eventId, long offset, string source = Source) =>
        new(requestId, type, eventId, source, offset);

    /// <summary>Per model, per version: clicks, carts, purchases.</summary>
    private static Dictionary<string, Dictionary<string, (int Clicks, int Carts, int Purchases)>> Sums(Dictionary<string, SourcedOutcome[]> pending) =>
        pending.ToDictionary(m => m.Key, m => m.Value.GroupBy(o => o.Version).ToDictionary(v => v.Key, v =>
            (v.Count(o => o.Type == InteractionType.Click), v.Count(o => o.Type == InteractionType.AddToCart), v.Count(o => o.Type == InteractionType.Purchase))));

    [Fact]
    public void Counts_clicks_carts_and_purchases_per_model_version_of_genuine_ids()
    {
        var tally = Tally();
        tally.Count("u1", Click(_signer.New("ranker", "v1", "u1"), "e1"));
        tally.Count("u2", Click(_signer.New("ranker", "v1", "u2"), "e2"));
        tally.Count("u1", Outcome(_signer.New("ranker", "v1", "u1"), InteractionType.Purchase, "e3", 1_000));
        tally.Count("u3", Outcome(_signer.New("ranker", "v2", "u3"), InteractionType.AddToCart, "e4", 1_001));

        var sums = Sums(tally.Pending());

        Assert.Equal(["ranker"], sums.Keys);
        Assert.Equal((2, 0, 1), sums["ranker"]["v1"]);
        Assert.Equal((0, 1, 0), sums["ranker"]["v2"]);
        tally.Delivered();
        Assert.Empty(tally.Pending());
        Assert.All(UnattributedReasons.All, reason => Assert.Equal(0, Unattributed()[reason]));
    }

    [Fact]
    public void An_id_with_a_forged_tag_or_sent_for_another_user_is_counted_as_forged_and_attributed_to_nothing()
    {
        var tally = Tally();
        var genuine = _signer.New("ranker", "v1", "u1");
        var tagStart = genuine.Length - RequestIds.TagLength;
        var tampered = genuine[..tagStart] + (genuine[tagStart] == 'A' ? 'B' : 'A') + genuine[(tagStart + 1)..];
        // The tag's last character carries only its top two bits (16 bytes in 22 characters), so it is one of A, Q, g, w;
        // another of those keeps the id well-formed and must still be refused as forged.
        var lastCharacterChanged = genuine[..^1] + "AQgw".First(c => c != genuine[^1]);
        var otherVersion = genuine.Replace("~v1~", "~v2~", StringComparison.Ordinal);
        var otherKey = RequestIdSigner.WithRandomKey().New("ranker", "v1", "u1");

        tally.Count("u1", Click(tampered, "e1"));
        tally.Count("u1", Click(otherVersion, "e2"));
        tally.Count("u1", Click(otherKey, "e3"));
        tally.Count("u2", Click(genuine, "e4"));
        tally.Count("u1", Click(lastCharacterChanged, "e5"));

        Assert.Empty(tally.Pending());
        Assert.Equal(5, Unattributed()[UnattributedReasons.Forged]);
    }

    [Theory]
    [InlineData("x~ranker~v1", UnattributedReasons.Malformed)]
    [InlineData("0123456789ab~ranker~v1~short", UnattributedReasons.Malformed)]
    [InlineData("0123456789ab~ranker~v1~!!!!!!!!!!!!!!!!!!!!!!", UnattributedReasons.Malformed)]
    [InlineData("0123456789ab~~v1~0123456789abcdefghijkl", UnattributedReasons.Malformed)]
    [InlineData("r-3", UnattributedReasons.Unversioned)]
    public void A_malformed_or_unversioned_id_is_counted_by_reason_and_attributed_to_nothing(string requestId, string reason)
    {
        var tally = Tally();
        tally.Count("u1", Click(requestId, "e1"));

        Assert.Empty(tally.Pending());
        Assert.Equal(1, Unattributed()[reason]);
    }

    [Fact]
    public void An_outcome_reported_again_after_a_rewind_is_held_once_and_its_unattributed_reason_counted_once()
    {
        var work = new UncommittedWork(Tally());
        var id = _signer.New("ranker", "v1", "u1");
        work.Outcomes.Count("u1", Outcome(id, InteractionType.Click, "e1", 5));
        work.Outcomes.Count("u1", Outcome("r-3", InteractionType.Click, "e2", 6));
        work.Discard();
        work.Outcomes.Count("u1", Outcome(id, InteractionType.Click, "e1", 5));
        work.Outcomes.Count("u1", Outcome("r-3", InteractionType.Click, "e2", 6));
        work.Outcomes.Count("u1", Outcome(id, InteractionType.Click, "e3", 7));

        Assert.Equal([5L, 7L], work.Outcomes.Pending()["ranker"].Select(o => o.Offset).Order());
        Assert.Equal(1, Unattributed()[UnattributedReasons.Unversioned]);
    }

    [Fact]
    public void Outcomes_stay_held_until_delivered_and_a_revoked_partitions_outcomes_are_dropped()
    {
        var tally = Tally();
        var id = _signer.New("ranker", "v1", "u1");
        tally.Count("u1", Outcome(id, InteractionType.Click, "e1", 5));
        tally.Count("u1", Outcome(id, InteractionType.Click, "e2", 5, source: "recsys.interactions/1@0"));

        Assert.Equal(2, tally.Pending()["ranker"].Length);
        Assert.Equal(2, tally.Pending()["ranker"].Length); // a failed delivery keeps them for the next checkpoint
        tally.Forget("recsys.interactions/1@0");
        Assert.Equal([new SourcedOutcome(Source, 5, "v1", InteractionType.Click)], tally.Pending()["ranker"]);
        tally.Delivered();
        Assert.True(tally.IsEmpty);
    }

    [Fact]
    public void Every_reason_is_reported_from_start_at_zero()
    {
        var observed = Unattributed();
        Assert.Equal(UnattributedReasons.All.Order(), observed.Keys.Order());
        Assert.All(observed.Values, count => Assert.Equal(0, count));
    }

    /// <summary>What <c>recsys_outcomes_unattributed</c> reports now, by reason.</summary>
    private Dictionary<string, long> Unattributed()
    {
        var observed = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name == "recsys_outcomes_unattributed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var reason = (string)tags[0].Value!;
            observed[reason] = observed.GetValueOrDefault(reason) + value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }
}
