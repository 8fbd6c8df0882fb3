namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RegistrationResult")]
public sealed record RegistrationResult(RegistrationStatus Status, string? Error, ModelVersionInfo? Info);
