namespace OrleansRecsys.Api;

/// <summary>An ingest batch's answer and what the intake did: when it could not publish everything, each door answers
/// "unavailable, send again" (HTTP 503, gRPC UNAVAILABLE) with <see cref="IntakeResult.FailureReason"/>.</summary>
public sealed record IngestReport(IngestResponse Response, IntakeResult Intake);
