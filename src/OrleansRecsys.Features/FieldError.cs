namespace OrleansRecsys.Features;

/// <summary>Why one field of an event is unacceptable: a <see cref="RejectReasons"/> code and a detail naming the field.</summary>
internal readonly record struct FieldError(string Reason, string Detail);
