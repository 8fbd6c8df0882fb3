namespace OrleansRecsys.Training.Backfill;

/// <summary>One training row: the vector as of just before <see cref="TsMs"/>, its label and weight, and the event behind it.</summary>
public sealed record BackfillRow(string UserId, string ItemId, long TsMs, bool Label, double Weight, string Source, float[] Values);
