namespace OrleansRecsys.Features.Candidates;

/// <summary>An item to rank for recommend and the source that proposed it (<see cref="CandidateSources"/>).</summary>
public readonly record struct Candidate(string ItemId, string Source);
