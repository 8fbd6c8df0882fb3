namespace OrleansRecsys.Training;

/// <summary>One synthetic visit: the user, the items it looks at (the candidates a ranking is asked for when the visit
/// starts) and the events it then produces, time-stamped from the visit's start.</summary>
public sealed record SyntheticSession(string UserId, string[] Candidates, IReadOnlyList<Interaction> Events);
