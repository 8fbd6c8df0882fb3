namespace OrleansRecsys.Grains.Monitoring;

/// <summary>What the report knows of one arm: its plan weight (basis points), its attributed clicks and impressions, and the guardrails' judgement of it.</summary>
internal readonly record struct ArmSample(string Version, int Weight, long Clicks, long Impressions, GuardrailReport? Guardrails);
