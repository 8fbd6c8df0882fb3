using Confluent.Kafka;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Ingestion;

/// <summary>A consumed batch, validated and grouped per grain (in offset order within each grain).</summary>
internal sealed class IngestPlan
{
    /// <summary>A message that failed validation, for the dead-letter topic.</summary>
    public sealed record Rejected(ConsumeResult<string, byte[]> Message, string Reason, string Detail);

    private readonly List<(string ItemId, SourcedEvent Event)> _upserts = [];
    private readonly List<(string ItemId, SourcedEvent Event)> _itemInteractions = [];

    private readonly SourceNames _sources;

    private IngestPlan(SourceNames sources) => _sources = sources;

    /// <summary>Per item: its upserts first, then its interactions.</summary>
    public Dictionary<string, List<SourcedEvent>> Items { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<SourcedEvent>> Users { get; } = new(StringComparer.Ordinal);

    public List<Rejected> Rejects { get; } = [];

    /// <summary>The messages that showed a schema the grid does not know, by topic (accepted or refused alike).</summary>
    public List<(string Topic, SchemaChanges Changes)> SchemaChanges { get; } = [];

    /// <summary>The categories the batch's valid item upserts name, to be checked for new ones.</summary>
    public HashSet<string> Categories { get; } = new(StringComparer.Ordinal);

    /// <summary>Event times of the interactions, for the freshness metric once they are applied.</summary>
    public List<long> UserEventTimes { get; } = [];

    public static IngestPlan Build(IReadOnlyList<ConsumeResult<string, byte[]>> batch, long nowMs, SourceNames sources)
    {
        var plan = new IngestPlan(sources);
        foreach (var message in batch)
        {
            if (message.Topic == Topics.Items)
            {
                plan.AddItemUpsert(message, nowMs);
            }
            else
            {
                plan.AddInteraction(message, nowMs);
            }
        }

        plan.GroupItemEvents();
        return plan;
    }

    private void AddItemUpsert(ConsumeResult<string, byte[]> message, long nowMs)
    {
        var parsed = EventParser.ParseItem(message.Message.Value ?? [], nowMs);
        NoteSchemaChanges(message.Topic, parsed.SchemaChanges);
        if (!parsed.Ok)
        {
            Rejects.Add(new Rejected(message, parsed.Reason!, parsed.Detail!));
            return;
        }

        _upserts.Add((parsed.Value!.ItemId, new SourcedEvent(SourceOf(message), message.Offset.Value, null, parsed.Value)));
        if (parsed.Value.Category is { } category)
        {
            Categories.Add(category);
        }
    }

    private void AddInteraction(ConsumeResult<string, byte[]> message, long nowMs)
    {
        var parsed = EventParser.ParseInteraction(message.Message.Value ?? [], nowMs);
        NoteSchemaChanges(message.Topic, parsed.SchemaChanges);
        if (!parsed.Ok)
        {
            Rejects.Add(new Rejected(message, parsed.Reason!, parsed.Detail!));
            return;
        }

        var interaction = parsed.Value!;
        var sourced = new SourcedEvent(SourceOf(message), message.Offset.Value, interaction, null);
        _itemInteractions.Add((interaction.ItemId, sourced));
        Add(Users, interaction.UserId, sourced);
        UserEventTimes.Add(interaction.TsMs);
    }

    private void NoteSchemaChanges(string topic, SchemaChanges changes)
    {
        if (changes != Features.SchemaChanges.None)
        {
            SchemaChanges.Add((topic, changes));
        }
    }

    /// <summary>Upserts first, so an item's category is known before its interactions of the same batch.</summary>
    private void GroupItemEvents()
    {
        foreach (var (itemId, sourced) in _upserts)
        {
            Add(Items, itemId, sourced);
        }

        foreach (var (itemId, sourced) in _itemInteractions)
        {
            Add(Items, itemId, sourced);
        }
    }

    private string SourceOf(ConsumeResult<string, byte[]> message) => _sources.KeyOf(message.Topic, message.Partition.Value);

    private static void Add(Dictionary<string, List<SourcedEvent>> byGrain, string id, SourcedEvent sourced)
    {
        if (!byGrain.TryGetValue(id, out var events))
        {
            byGrain[id] = events = new List<SourcedEvent>(4);
        }

        events.Add(sourced);
    }
}
