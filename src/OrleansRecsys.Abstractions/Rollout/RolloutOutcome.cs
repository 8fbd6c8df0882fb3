namespace OrleansRecsys;

[GenerateSerializer, Alias("recsys.RolloutOutcome")]
public enum RolloutOutcome : byte
{
    Ok = 0,
    BadRequest = 1,
    Conflict = 2,
    Unprocessable = 3,
    NotFound = 4,
}
