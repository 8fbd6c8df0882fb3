namespace OrleansRecsys;

[GenerateSerializer, Alias("recsys.RegistrationStatus")]
public enum RegistrationStatus : byte
{
    Registered = 0,
    Invalid = 1,
    Conflict = 2,
}
