namespace OrleansRecsys.Grains.Retraining;

/// <summary>A trigger that fired (<see cref="RetrainingTriggers"/>) and why, in words the run and the audit keep.</summary>
internal sealed record TriggerDecision(string Trigger, string Reason);
