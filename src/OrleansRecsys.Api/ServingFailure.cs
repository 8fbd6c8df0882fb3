namespace OrleansRecsys.Api;

/// <summary>A serving call's refusal: what kind, the message the caller reads, and the field or model it is about.</summary>
public sealed record ServingFailure(ServingFailureKind Kind, string Message, string? Field = null, string? Model = null)
{
    public static ServingFailure Invalid(RuleViolation violation) => new(ServingFailureKind.InvalidArgument, violation.Message, violation.Field);

    public static ServingFailure UnknownModel(string model) => new(ServingFailureKind.UnknownModel, UnknownModelException.MessageFor(model), Model: model);

    public static ServingFailure UnknownVersion(UnknownVersionException ex) =>
        new(ServingFailureKind.UnknownVersion, UnknownVersionException.MessageFor(ex.Model, ex.Version, ex.Retired), "version", ex.Model);

    public static ServingFailure Forbidden(string field, string message) => new(ServingFailureKind.Forbidden, message, field);

    public static ServingFailure NotServable(string model) =>
        new(ServingFailureKind.NotServable, $"model '{model}' has no loadable version for this user", Model: model);
}
