namespace OrleansRecsys;

/// <summary>The first input rule a request breaks: the field (as the JSON API names it, e.g. <c>candidates[3]</c>) and why.</summary>
public readonly record struct RuleViolation(string Field, string Message);
