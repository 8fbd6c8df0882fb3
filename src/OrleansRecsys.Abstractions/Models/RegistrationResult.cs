namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RegistrationResult")]
public sealed record RegistrationResult([Id(0)] RegistrationStatus Status, [Id(1)] string? Error, [Id(2)] ModelVersionInfo? Info);
