namespace OrleansRecsys.Training;

/// <summary>One step of paced traffic: the items that arrived by <see cref="AtMs"/>, then a session that starts then.</summary>
public sealed record TrafficStep(long AtMs, IReadOnlyList<ItemUpsert> Arrivals, SyntheticSession Session);
