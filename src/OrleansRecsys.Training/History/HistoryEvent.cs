namespace OrleansRecsys.Training.History;

/// <summary>One entry of an interaction log: an interaction or an item upsert, with the event time both carry.</summary>
public readonly record struct HistoryEvent(Interaction? Interaction, ItemUpsert? Item)
{
    public long TsMs => Interaction?.TsMs ?? Item!.TsMs;

    public static HistoryEvent Of(Interaction interaction) => new(interaction, null);

    public static HistoryEvent Of(ItemUpsert item) => new(null, item);
}
