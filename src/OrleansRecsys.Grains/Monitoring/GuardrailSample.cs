namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// What one rank request tells the guardrails about the version it was routed to. Not judged: requests that reached the
/// version before its session had loaded and served its first requests in this silo. <see cref="Fallback"/> is a
/// fallback the version answers for (its error, or a deadline it used up itself); <see cref="ScoreUsPerRow"/> is the
/// scorer's time per candidate row, NaN when the request was not scored.
/// </summary>
internal readonly record struct GuardrailSample(bool Judged, int Rows, bool Error, bool Fallback, double ScoreUsPerRow);
