using Confluent.Kafka;
using OrleansRecsys.Features;

namespace OrleansRecsys.Ingestion;

/// <summary>A consumed batch, validated and grouped per grain (in offset order within each grain).</summary>
public sealed class IngestPlan
{
    public Dictionary<string, List<SourcedEvent>> Items { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<SourcedEvent>> Users { get; } = new(StringComparer.Ordinal);
    public List<(ConsumeResult<string, byte[]> Message, string Reason, string Detail)> Rejects { get; } = [];
    public List<long> UserEventTimes { get; } = [];

    public static IngestPlan Build(List<ConsumeResult<string, byte[]>> batch, long nowMs, CheckpointTracker tracker)
    {
        var plan = new IngestPlan();
        var upserts = new List<(string Id, SourcedEvent E)>();
        var itemInteractions = new List<(string Id, SourcedEvent E)>();
        foreach (var msg in batch)
        {
            var source = SourceKey.Of(msg.Topic, msg.Partition.Value);
            var value = msg.Message.Value ?? [];
            if (msg.Topic == Topics.Items)
            {
                var r = EventParser.ParseItem(value, nowMs);
                if (!r.Ok)
                {
                    plan.Rejects.Add((msg, r.Reason!, r.Detail!));
                    continue;
                }

                upserts.Add((r.Value!.ItemId, new SourcedEvent(source, msg.Offset.Value, null, r.Value)));
            }
            else
            {
                var r = EventParser.ParseInteraction(value, nowMs);
                if (!r.Ok)
                {
                    plan.Rejects.Add((msg, r.Reason!, r.Detail!));
                    continue;
                }

                var e = new SourcedEvent(source, msg.Offset.Value, r.Value, null);
                itemInteractions.Add((r.Value!.ItemId, e));
                Add(plan.Users, r.Value.UserId, e);
                plan.UserEventTimes.Add(r.Value.TsMs);
            }
        }

        // Upserts first, so an item's category is known before its interactions of the same batch.
        foreach (var (id, e) in upserts)
        {
            Add(plan.Items, id, e);
        }

        foreach (var (id, e) in itemInteractions)
        {
            Add(plan.Items, id, e);
        }

        return plan;
    }

    private static void Add(Dictionary<string, List<SourcedEvent>> map, string id, SourcedEvent e)
    {
        if (!map.TryGetValue(id, out var list))
        {
            map[id] = list = new List<SourcedEvent>(4);
        }

        list.Add(e);
    }
}
